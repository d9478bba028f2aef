// PDF rendering: one long-lived Debian Chromium shared by every render, a FIFO queue in front of it, and a
// sandboxed page per render (STYLE.md §2: the only importer of puppeteer; §7: server-built HTML, setContent,
// JavaScript off, every request but data: aborted).
import type { ChildProcess } from "node:child_process";
import { constants as fsConstants } from "node:fs";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import puppeteer, { type Browser, type HTTPRequest, type Page, type PDFOptions } from "puppeteer";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------------------
// Settings. env.server.ts holds the app's own variables; these belong to the renderer alone, so they are read
// and validated here — at every call, so tests (and an operator's restart-free change) take effect — and once at
// import so a bad value fails start-up instead of the first download.

const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const settingsSchema = z.object({
  CHROMIUM_PATH: z.preprocess(unsetIfEmpty, z.string().min(1).default("/usr/bin/chromium")),
  /** Renders running at once; default: one per CPU. */
  PDF_CONCURRENCY: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(256).optional()),
  /** Renders allowed to wait for a slot; one more is refused with PdfBusyError. */
  PDF_QUEUE_LIMIT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).default(100)),
  /** Time allowed for one render once it has its slot (the wait in the queue is not counted). */
  PDF_TIMEOUT_MS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(20_000)),
  /**
   * CPU priority of Chromium (nice, 0–19; DECISIONS 36). Default: 19 in production, where renders must not slow
   * other requests; 0 elsewhere, where the test runner itself keeps both cores busy and a starved render would only
   * time out.
   */
  PDF_NICE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(19).optional()),
  NODE_ENV: z.string().optional(),
});

export interface PdfRendererSettings {
  chromiumPath: string;
  nice: number;
  concurrency: number;
  queueLimit: number;
  timeoutMs: number;
}

let overrides: Partial<PdfRendererSettings> = {};

function readSettings(): PdfRendererSettings {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid PDF renderer environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const fromEnv: PdfRendererSettings = {
    chromiumPath: e.CHROMIUM_PATH,
    nice: e.PDF_NICE ?? (e.NODE_ENV === "production" ? 19 : 0),
    // One core is left to the server by default: renders must not take the CPU from every other request.
    concurrency: e.PDF_CONCURRENCY ?? Math.max(1, os.cpus().length - 1),
    queueLimit: e.PDF_QUEUE_LIMIT,
    timeoutMs: e.PDF_TIMEOUT_MS,
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  lastGoodSettings = { ...fromEnv, ...defined };
  return lastGoodSettings;
}

let lastGoodSettings: PdfRendererSettings;

/** For the queue's bookkeeping, which must go on even if someone breaks the environment meanwhile. */
function settingsOrLastGood(): PdfRendererSettings {
  try {
    return readSettings();
  } catch {
    return lastGoodSettings;
  }
}

readSettings();

/** Overrides the environment (for tests and scripts); pass `{}` to go back to the environment. The path is used
 * at the next launch: call closePdfRenderer() first to switch a running browser. */
export function configurePdfRenderer(next: Partial<PdfRendererSettings>): void {
  overrides = { ...next };
  readSettings();
  pump();
}

// ---------------------------------------------------------------------------------------------------------------
// Errors: `message` is shown to users (Japanese), `detail` goes to logs (English).

export class PdfError extends Error {
  /** HTTP status a route should answer with. */
  readonly status: number = 500;
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type PdfUnavailableReason = "missing" | "notExecutable" | "launchFailed" | "crashed";

export class PdfUnavailableError extends PdfError {
  override readonly status = 503;
  constructor(
    readonly reason: PdfUnavailableReason,
    readonly chromiumPath: string,
    detail: string,
  ) {
    const why = {
      missing: `Chromium が見つかりません: ${chromiumPath}`,
      notExecutable: `Chromium を実行できません: ${chromiumPath}`,
      launchFailed: `Chromium を起動できません: ${chromiumPath}`,
      crashed: "作成中に Chromium が停止しました。もう一度お試しください",
    }[reason];
    super(`PDFを作成できません（${why}）`, detail);
  }
}

export class PdfBusyError extends PdfError {
  override readonly status = 503;
  constructor(detail: string) {
    super("PDFの作成が混み合っています。しばらくしてから再度お試しください", detail);
  }
}

export class PdfTimeoutError extends PdfError {
  override readonly status = 504;
  constructor(detail: string) {
    super("PDFの作成が時間内に終わりませんでした", detail);
  }
}

/** The page itself failed (e.g. its renderer ran out of memory) while the browser stayed up. */
export class PdfRenderError extends PdfError {
  constructor(detail: string) {
    super("PDFを作成できませんでした", detail);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The browser.

// Why each flag: this machine has no network and no GPU; Chromium must not phone home, update itself or sync
// (background-networking, component-update, sync, first-run); it runs as root in a container, where the
// setuid/namespace sandbox is unavailable (no-sandbox — the page is still confined: JavaScript off, requests
// intercepted); /dev/shm is small in containers (dev-shm-usage); glyph positions must not depend on hinting so
// the same HTML gives the same PDF (font-render-hinting). host-resolver-rules makes every host name AND IP literal
// unresolvable: defence in depth for what request interception cannot see (preconnect, <link rel=prefetch>,
// which Chromium fetches outside the intercepted network path).
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
  "--font-render-hinting=none",
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** Time for Chromium to start before the launch counts as failed. */
const LAUNCH_TIMEOUT_MS = 15_000;
/** A close not answered within this is sent again. */
const CLOSE_RETRY_MS = 1_000;
/** A page that does not close within this (after the retry) is taken as a wedged browser, which is then killed. */
const CLOSE_GRACE_MS = 5_000;
/** Enough blocked URLs to see what a document tried; a hostile one could list millions. */
const MAX_BLOCKED_RECORDED = 500;

let browserPromise: Promise<Browser> | null = null;
let browser: Browser | null = null;
let launches = 0;
/** The executable each running browser was started from (the setting may have changed since). */
const launchedFrom = new WeakMap<Browser, string>();
/** The profile folder each browser was started with. */
const profiles = new WeakMap<Browser, string>();
/** Browsers we are closing on purpose: their disconnect is not a crash. */
const closing = new WeakSet<Browser>();

function getBrowser(): Promise<Browser> {
  if (browser && !browser.connected) forget(browser);
  if (!browserPromise) {
    const launching: Promise<Browser> = launch().then((launched) => {
      // Unless closePdfRenderer() gave up on this launch meanwhile (it then closes the browser itself).
      if (browserPromise === launching) browser = launched;
      return launched;
    });
    browserPromise = launching;
    launching.catch(() => {
      if (browserPromise === launching) browserPromise = null;
    });
  }
  return browserPromise;
}

function forget(b: Browser) {
  if (browser === b) {
    browser = null;
    browserPromise = null;
  }
}

async function launch(): Promise<Browser> {
  const { chromiumPath, nice, concurrency } = readSettings();
  // Checked before launching so that a missing browser fails at once rather than after the launch timeout.
  try {
    await access(chromiumPath, fsConstants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" || code === "ENOTDIR" ? "missing" : "notExecutable";
    throw new PdfUnavailableError(reason, chromiumPath, `Chromium at ${chromiumPath} is not usable (${code ?? String(error)}); set CHROMIUM_PATH or install Debian's chromium`);
  }
  // Our own profile folder, removed whenever the browser goes (closed, killed or crashed): puppeteer removes
  // the one it makes only on a clean close, and a killed browser left it in the temporary folder.
  const profile = await mkdtemp(path.join(os.tmpdir(), "kaiji-chromium-"));
  let launched: Browser;
  try {
    launched = await puppeteer.launch({
      executablePath: chromiumPath,
      userDataDir: profile,
      headless: true,
      // One renderer process per render slot, so each render's fresh page joins a warm one: its font and text
      // shaping caches survive the previous page (DECISIONS 53). Pages still never share a document.
      args: [...CHROMIUM_ARGS, `--renderer-process-limit=${concurrency}`],
      // A pipe instead of a DevTools port on localhost: nothing else on the machine can drive this browser.
      pipe: true,
      timeout: LAUNCH_TIMEOUT_MS,
      // The server shuts down on its own signals; puppeteer's SIGINT handler would call process.exit(130).
      // Chromium is still killed when Node exits, and quits by itself when the pipe closes.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
    });
  } catch (error) {
    await removeProfile(profile);
    throw new PdfUnavailableError("launchFailed", chromiumPath, `Chromium at ${chromiumPath} failed to start: ${describe(error)}`);
  }
  launches += 1;
  await lowerPriority(launched.process()?.pid, nice);
  launchedFrom.set(launched, chromiumPath);
  profiles.set(launched, profile);
  launched.once("disconnected", () => {
    if (!closing.has(launched)) console.warn(`[pdf] Chromium (pid ${launched.process()?.pid ?? "?"}) disconnected; the next render starts a new one`);
    forget(launched);
    void exited(launched).then(() => removeProfile(profile));
  });
  return launched;
}

/**
 * Renders are background work: requests must not wait behind them on a small machine. puppeteer starts Chromium
 * in a session of its own, and Linux (with autogroup scheduling, the default) shares the CPU between sessions
 * before nice values count, so Chromium would get as much CPU as the whole server. Lowering the session's
 * autogroup nice covers the browser and every renderer it starts later; the process's own nice covers kernels
 * without autogroup. Both are best effort: a lower priority never needs a privilege.
 */
async function lowerPriority(pid: number | undefined, nice: number) {
  if (!pid || nice === 0) return;
  await writeFile(`/proc/${pid}/autogroup`, String(nice)).catch(() => undefined);
  try {
    os.setPriority(pid, nice);
  } catch {
    // Not permitted or not supported: renders run at normal priority.
  }
}

async function killBrowser(b: Browser) {
  closing.add(b);
  forget(b);
  try {
    await withDeadline(b.close(), CLOSE_GRACE_MS);
  } catch {
    b.process()?.kill("SIGKILL");
  }
  await exited(b);
  await removeProfile(profiles.get(b));
}

/** Resolves when the browser's process has ended (at most CLOSE_GRACE_MS later), so its profile can go. */
function exited(b: Browser): Promise<void> {
  const child = b.process();
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function removeProfile(dir: string | undefined): Promise<void> {
  if (!dir) return;
  await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch((error) => console.warn(`[pdf] could not remove ${dir}: ${describe(error)}`));
}

// The Remix build bundles its own copy of this module beside the one server.ts and the tests import. Every copy
// puts its closer in one process-wide set, so shutting down closes whichever copy launched a browser.
const closers = ((globalThis as { __kaijiPdfClosers?: Set<() => Promise<void>> }).__kaijiPdfClosers ??= new Set());
closers.add(closeThisCopy);

/** Closes the browser (renders still running fail with PdfUnavailableError); the next render launches a new one. */
export async function closePdfRenderer(): Promise<void> {
  await Promise.all([...closers].map((close) => close()));
}

async function closeThisCopy(): Promise<void> {
  spare = undefined;
  const pending = browserPromise;
  browser = null;
  browserPromise = null;
  const b = await pending?.catch(() => null);
  if (b) await killBrowser(b);
}

/** The Chromium process, if one is running (for tests and diagnostics). */
export function pdfBrowserProcess(): ChildProcess | null {
  return browser?.connected ? browser.process() : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The queue: at most `concurrency` renders at once, the rest wait in order, up to `queueLimit` of them.

let active = 0;
let maxActiveSeen = 0;
/** Pages open in Chromium right now: back to 0 whenever no render runs, or a page leaked. */
let openPages = 0;
const waiting: Array<() => void> = [];

/** How long a render takes lately (a moving average), to tell a newcomer at once that it would wait too long. */
let typicalRenderMs = 1_000;

/**
 * A slot, now or after the renders ahead. Refused at once (PdfBusyError, a 503) when the queue is full or the
 * expected wait is longer than the render timeout, and refused after waiting that long: nobody waits for
 * a PDF longer than the timeout.
 */
function acquire(timeoutMs: number): Promise<void> | void {
  const { concurrency, queueLimit } = readSettings();
  if (waiting.length === 0 && active < concurrency) {
    take();
    return;
  }
  if (waiting.length >= queueLimit) {
    throw new PdfBusyError(`PDF queue full: ${active} rendering, ${waiting.length} waiting (limit ${queueLimit})`);
  }
  const expectedWaitMs = Math.ceil((waiting.length + 1) / concurrency) * typicalRenderMs;
  if (expectedWaitMs > timeoutMs) {
    throw new PdfBusyError(`a new render would wait about ${Math.round(expectedWaitMs)} ms (${waiting.length} waiting), longer than the timeout of ${timeoutMs} ms`);
  }
  return new Promise<void>((resolve, reject) => {
    const waiter = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(waiter);
      if (at === -1) return;
      waiting.splice(at, 1);
      reject(new PdfBusyError(`waited ${timeoutMs} ms for a free slot`));
    }, timeoutMs);
    waiting.push(waiter);
  });
}

function take() {
  active += 1;
  maxActiveSeen = Math.max(maxActiveSeen, active);
}

function release() {
  active -= 1;
  pump();
}

function pump() {
  const { concurrency } = settingsOrLastGood();
  while (active < concurrency && waiting.length > 0) {
    take();
    waiting.shift()!();
  }
}

export interface PdfStatus {
  active: number;
  queued: number;
  maxActiveSeen: number;
  launches: number;
  concurrency: number;
  openPages: number;
}

export function pdfStatus(): PdfStatus {
  return { active, queued: waiting.length, maxActiveSeen, launches, concurrency: settingsOrLastGood().concurrency, openPages };
}

// ---------------------------------------------------------------------------------------------------------------
// One render.

export interface RenderPdfOptions {
  // No header or footer templates: the documents print theirs in CSS page-margin boxes (app/pdf/header-footer.ts),
  // which Chromium lays out with the page instead of as two more documents per page (DECISIONS 49).
  landscape?: boolean;
  /** Overrides PDF_TIMEOUT_MS for this render. */
  timeoutMs?: number;
}

export interface RenderedPdf {
  pdf: Buffer;
  /** Every URL the document tried to load and was refused, in order, without repeats. */
  blockedRequests: string[];
  /** Render time, once the render had its slot. */
  ms: number;
  /** Time spent waiting for a slot. */
  queuedMs: number;
}

/** Margins of a page whose CSS names none (the app's documents all name theirs in `@page`). */
const DEFAULT_MARGIN = { top: "18mm", bottom: "16mm", left: "12mm", right: "12mm" };

export async function renderPdf(html: string, options: RenderPdfOptions = {}): Promise<RenderedPdf> {
  const timeoutMs = options.timeoutMs ?? readSettings().timeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const queuedAt = performance.now();
  await acquire(timeoutMs);
  const startedAt = performance.now();

  const job = new RenderJob(html, options, timeoutMs);
  // The slot is given back only once the page is really closed, so `active` always matches Chromium's load.
  const work = job.run().finally(release);
  try {
    const pdf = await Promise.race([work, job.timedOut]);
    const ms = performance.now() - startedAt;
    typicalRenderMs = 0.8 * typicalRenderMs + 0.2 * ms;
    return { pdf, blockedRequests: job.blocked(), ms: Math.round(ms), queuedMs: Math.round(startedAt - queuedAt) };
  } finally {
    job.stopTimer();
    work.catch(() => undefined); // after a timeout the work still settles (with an error nobody waits for)
  }
}

/**
 * A fresh page is still used for every render (never reused), but the next one is opened ahead of time, while a
 * render runs, with JavaScript off and interception on: opening one takes about 50 ms. It has no content, so
 * nothing can request anything before a job attaches its interception handler.
 */
let spare: { browser: Browser; page: Promise<Page> } | undefined;

async function preparePage(b: Browser): Promise<Page> {
  // In the background: a page opened in the foreground would push the page being rendered into the background,
  // where Chromium defers loading (an iframe never finishes, "load" never comes). Taken, it comes to the front.
  const page = await b.newPage({ background: true });
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  return page;
}

async function takePreparedPage(b: Browser): Promise<Page> {
  const ready = spare?.browser === b ? spare.page : undefined;
  spare = undefined;
  const kept = ready ? await ready.catch(() => undefined) : undefined;
  const page = kept && !kept.isClosed() ? kept : await preparePage(b);
  await page.bringToFront().catch(async (error: unknown) => {
    await page.close().catch(() => undefined);
    throw error;
  });
  return page;
}

/** Opens the next spare, if none is open or opening. */
function refillSpare(b: Browser | undefined) {
  if (!b?.connected || spare) return;
  const next = preparePage(b);
  next.catch(() => undefined);
  spare = { browser: b, page: next };
}

class RenderJob {
  readonly timedOut: Promise<never>;
  #timer: NodeJS.Timeout | undefined;
  #expired = false;
  #page: Page | undefined;
  #closing: Promise<void> | undefined;
  #blocked = new Set<string>();
  #navigatedAway = false;
  #deadline: number;

  constructor(
    private readonly html: string,
    private readonly options: RenderPdfOptions,
    private readonly timeoutMs: number,
  ) {
    this.#deadline = performance.now() + timeoutMs;
    this.timedOut = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        this.#expired = true;
        reject(new PdfTimeoutError(`PDF render exceeded ${timeoutMs} ms`));
        // Closing the page makes whatever Chromium is doing for it stop and reject.
        void this.#closePage();
      }, timeoutMs);
    });
    this.timedOut.catch(() => undefined);
  }

  stopTimer() {
    clearTimeout(this.#timer);
  }

  blocked(): string[] {
    return [...this.#blocked];
  }

  async run(): Promise<Buffer> {
    let b: Browser | undefined;
    try {
      b = await getBrowser();
      this.#check();
      this.#page = await takePreparedPage(b);
      openPages += 1;
      refillSpare(b);
      this.#check();
      const page = this.#page;
      page.on("request", (request) => this.#intercept(request));
      // Chromium refuses file: URLs from our about:blank document itself, before interception sees them, and
      // fetches prefetches outside it (they then fail on host-resolver-rules): record those from its log too.
      page.on("console", (message) => {
        const text = message.text();
        const local = /^Not allowed to load local resource: (\S+)/.exec(text);
        if (local) this.#record(local[1]);
        else if (text.startsWith("Failed to load resource")) {
          const url = message.location().url;
          if (url && !url.startsWith("data:")) this.#record(url);
        }
      });
      // setContent writes into the page's about:blank document, which is not a navigation; a navigation of the
      // main frame afterwards can only come from the document (a meta refresh to about:blank or to itself, which
      // request interception cannot stop) and would print an empty page.
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame()) this.#navigatedAway = true;
      });
      const refuseNavigation = () => {
        if (this.#navigatedAway) throw navigationError();
      };
      await page.setContent(this.html, { waitUntil: "load", timeout: this.#remaining() });
      this.#check();
      refuseNavigation();
      const { landscape = false } = this.options;
      const pdfOptions: PDFOptions = {
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: false,
        margin: DEFAULT_MARGIN,
        landscape,
        tagged: process.env.PDF_TAGGED === "1",
        outline: false,
        timeout: this.#remaining(),
      };
      const pdf = await page.pdf(pdfOptions);
      this.#check();
      refuseNavigation();
      return Buffer.from(pdf);
    } catch (error) {
      if (this.#expired) throw new PdfTimeoutError(`PDF render exceeded ${this.timeoutMs} ms`);
      if (error instanceof PdfError) throw error;
      // The page's context can vanish before Chromium reports the navigation that destroyed it.
      if (this.#navigatedAway || /context was destroyed/i.test(describe(error))) throw navigationError();
      if (b && !b.connected) {
        throw new PdfUnavailableError("crashed", launchedFrom.get(b) ?? readSettings().chromiumPath, `Chromium disconnected during a render: ${describe(error)}`);
      }
      throw new PdfRenderError(`PDF render failed: ${describe(error)}`);
    } finally {
      await this.#closePage();
    }
  }

  #intercept(request: HTTPRequest) {
    const url = request.url();
    // Only inline data: URLs (our own images and fonts are embedded that way) may load.
    if (url.startsWith("data:")) {
      request.continue().catch(() => undefined);
      return;
    }
    this.#record(url);
    // "aborted" cancels a navigation (a frame, a meta refresh) and leaves the current document in place, where
    // other reasons would commit an error page instead of it.
    request.abort(request.isNavigationRequest() ? "aborted" : "blockedbyclient").catch(() => undefined);
  }

  #record(url: string) {
    if (this.#blocked.size < MAX_BLOCKED_RECORDED) this.#blocked.add(url);
  }

  #check() {
    if (this.#expired) throw new PdfTimeoutError(`PDF render exceeded ${this.timeoutMs} ms`);
  }

  #remaining() {
    return Math.max(1, Math.ceil(this.#deadline - performance.now()));
  }

  #closePage(): Promise<void> {
    const page = this.#page;
    if (!page) return Promise.resolve();
    this.#closing ??= (async () => {
      try {
        if (!page.isClosed()) await closeWithRetry(page);
      } catch (error) {
        const b = page.browser();
        // A page that will not close means a wedged browser: replace it rather than leak the slot and the tab.
        if (b.connected && !page.isClosed() && error instanceof DeadlineError) {
          console.warn(`[pdf] a page did not close within ${CLOSE_GRACE_MS} ms; restarting Chromium`);
          await killBrowser(b);
        }
      } finally {
        openPages -= 1;
      }
    })();
    return this.#closing;
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Chromium drops a close that arrives while the page is committing a navigation (a meta refresh): ask again. */
async function closeWithRetry(page: Page) {
  const first = page.close();
  first.catch(() => undefined);
  try {
    await withDeadline(first, CLOSE_RETRY_MS);
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    await withDeadline(Promise.race([first, page.close()]), CLOSE_GRACE_MS);
  }
}

function navigationError() {
  return new PdfRenderError("the document navigated its main frame away (meta refresh?); refusing to print it");
}

class DeadlineError extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
