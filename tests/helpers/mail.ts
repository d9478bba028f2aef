// A real SMTP server on loopback for the tests that follow e-mail (smtp-server), and the text of what it received.
import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string };

/** A port nothing listens on yet: an SMTP server that is "down" until `startSmtp(port)`. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts an SMTP server on `port` that appends every message to `received`; gives its stopper. */
export async function startSmtp(port: number, received: ReceivedMail[]): Promise<() => Promise<void>> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  return () => new Promise<void>((resolve) => smtp.close(resolve));
}

const hexBytes = (text: string) => text.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** The subject (MIME words decoded) and the body (quoted-printable or base64 decoded) of a received message. */
export function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trim();
  const subject = (headers.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1] ?? "").replace(/\r?\n[ \t]/g, " ");
  const words = subject.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : Buffer.from(hexBytes(text.replace(/_/g, " ")), "latin1").toString("utf8"),
  );
  const text = /Content-Transfer-Encoding: base64/i.test(headers) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : Buffer.from(hexBytes(body.replace(/=\r?\n/g, "")), "latin1").toString("utf8");
  return `${words}\n${text}`;
}

/** Waits (a few seconds at most) until a message to `address` whose text matches `pattern` has arrived. */
export async function waitForMail(received: ReceivedMail[], address: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const found = received.map((m) => ({ to: m.to, text: mailText(m.raw) })).find((m) => m.to.includes(address) && pattern.test(m.text));
    if (found) return found.text;
    if (Date.now() - started > timeoutMs) throw new Error(`no mail to ${address} matching ${pattern} within ${timeoutMs} ms (received ${received.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
