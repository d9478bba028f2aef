// With SMTP_URL set, an invitation with an e-mail address is also sent by mail (to a real SMTP
// server on loopback here); without an address, nothing is sent.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, STRONG_PASSWORD } from "./helpers/client.js";
import { startApp } from "./helpers/http.js";

const received: { to: string[]; body: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  onData(stream, session, callback) {
    let body = "";
    stream.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    stream.on("end", () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
      callback();
    });
  },
});

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe("invitation e-mail", () => {
  it("sends the same single-use link the owner sees, and only when an address is given", async () => {
    const owner = new Client(app.base);
    await owner.post("/signup", { email: "owner@mail.example", displayName: "オーナー", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
    const org = (await owner.post("/orgs", { name: "メール株式会社", kind: "vendor" })).headers.get("location")!;

    await owner.post(`${org}/members`, { intent: "invite", role: "viewer" });
    expect(received).toHaveLength(0);

    const html = await (await owner.post(`${org}/members`, { intent: "invite", role: "editor", email: "new@mail.example" })).text();
    const link = html.match(/id="invite-link"[^>]*value="([^"]+)"/)![1];
    expect(html).toContain("new@mail.example にメールでも送信しました。");
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(["new@mail.example"]);
    // The body is quoted-printable or base64 depending on length: decode the part before comparing.
    const decoded = decodeBody(received[0].body);
    expect(decoded).toContain(link);
    expect(decoded).toContain("メール株式会社");

    const invitee = new Client(app.base);
    await invitee.post("/signup", { email: "new@mail.example", displayName: "新メンバー", password: STRONG_PASSWORD, confirm: STRONG_PASSWORD });
    expect((await invitee.post(new URL(link).pathname, {})).headers.get("location")).toBe(org);
  });
});

function decodeBody(raw: string): string {
  const [headers, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}
