import { PassThrough, Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { ServerFragmentsProvider } from "./components/server-fragments";

const ABORT_DELAY = 5_000;

/** Whether the page loads Remix's scripts: not when a matched route says `handle.hydrate = false` (root.tsx). */
function hydrates(context: EntryContext): boolean {
  return !context.staticHandlerContext.matches.some((m) => (context.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

/**
 * The rendered HTML in batches, without NUL bytes.
 * - Batches: React writes a page as hundreds of small chunks in one burst, and compression then works chunk by chunk
 *   (each one a trip through zlib: 6 ms of a 25 ms directory page, against 1.3 ms for the page in one piece). Chunks
 *   written in the same turn of the event loop go out as one (or every BATCH_BYTES), so streaming still sends the
 *   shell at once and each later part as it comes.
 * - NUL bytes: React 18.3's stream writer can pad a chunk with NUL bytes when a multi-byte character does not fit its
 *   buffer (facebook/react#31134): Japanese pages arrived as 「パスワードは\0\0使えません」. 0x00 never occurs inside a
 *   UTF-8 character and we never send it on purpose, so drop it.
 */
export function inBatchesWithoutNulBytes(): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  let scheduled = false;
  const release = () => {
    scheduled = false;
    if (size === 0) return;
    const batch = Buffer.concat(pending, size);
    pending = [];
    size = 0;
    stream.push(dropNulBytes(batch));
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= BATCH_BYTES) release();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
      callback();
    },
    flush(callback) {
      release();
      callback();
    },
  });
  return stream;
}

const BATCH_BYTES = 256 * 1024;

/** The chunk without 0x00, copying only the runs between them (a per-byte filter costs ms on a large page). */
export function dropNulBytes(chunk: Buffer): Buffer {
  let at = chunk.indexOf(0);
  if (at === -1) return chunk;
  const runs: Buffer[] = [];
  let start = 0;
  while (at !== -1) {
    if (at > start) runs.push(chunk.subarray(start, at));
    start = at + 1;
    at = chunk.indexOf(0, start);
  }
  if (start < chunk.length) runs.push(chunk.subarray(start));
  return Buffer.concat(runs);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext.cspNonce as string | undefined) ?? "";
  // Bots get the whole document at once; people get it streamed from the shell. Pages without hydration are
  // always sent whole: with no scripts on the page a Suspense boundary must never reach the browser pending (nor
  // be moved out of place: no progressive chunks).
  const whole = !hydrates(remixContext);
  const readyEvent = whole || isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerFragmentsProvider value={loadContext.serverFragments ?? null}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </ServerFragmentsProvider>
      </NonceProvider>,
      {
        nonce,
        ...(whole ? { progressiveChunkSize: Number.POSITIVE_INFINITY } : {}),
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          const clean = body.pipe(inBatchesWithoutNulBytes());
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(clean), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, Remix's error boundary renders them.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
