// A browser-like HTTP client for tests: keeps cookies, sends same-origin form posts.
import { createHmac } from "node:crypto";

export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return response;
  }

  /** A form POST as a browser on our own site sends it (Origin + Sec-Fetch-Site). */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", origin: this.base, "sec-fetch-site": "same-origin", ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(response);
    return response;
  }

  /** A same-origin JSON POST (the editor's autosave). */
  async postJson(path: string, body: unknown) {
    const response = await fetch(this.base + path, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/json", origin: this.base, "sec-fetch-site": "same-origin" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    this.remember(response);
    return response;
  }

  async text(path: string) {
    const response = await this.get(path);
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  }
}

export const STRONG_PASSWORD = "Kaiji-開示-2026-safe!";

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), computed here independently of the app's library. */
export function totpCode(base32Secret: string, atMs = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of base32Secret.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** Text of the page with tags removed, for reading what a user reads. */
export function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");
}


/**
 * Answers every status item of a built-in template with `status` through the autosave endpoint,
 * then publishes (as `client`, an editor or owner of `orgPath`, e.g. "/orgs/<id>").
 */
export async function publishAllAnswered(client: Client, orgPath: string, disclosureId: string, templateFile: string, status: string) {
  const { loadTemplateFile, walkItems } = await import("../../disclosures/template-loader.js");
  const keys = [...walkItems(loadTemplateFile(templateFile))].filter((e) => e.item.answer.kind === "status").map((e) => e.item.key);
  const save = await client.postJson(`${orgPath}/disclosures/${disclosureId}/draft`, { changes: keys.map((key) => ({ key, baseRevision: 0, response: { value: { status } } })) });
  if (save.status !== 200) throw new Error(`autosave answered ${save.status}`);
  // A 改版理由 is optional for 第1版 and required from 第2版 on.
  const published = await client.post(`${orgPath}/disclosures/${disclosureId}`, { intent: "publish", reason: "テストのための公開" });
  if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
}
