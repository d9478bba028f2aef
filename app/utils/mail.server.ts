// Outgoing e-mail, only when SMTP_URL is set: the portal works without a mail server (owners copy invitation
// links; notifications stay in the app), and sends mail as well when one is configured.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server.js";

let transport: Transporter | undefined;

export const mailConfigured = () => Boolean(env.SMTP_URL);

export type MailMessage = { to: string; subject: string; text: string; messageId?: string };

/**
 * Sends a plain-text message and resolves when the SMTP server accepted it; rejects with its reason otherwise
 * (the outbox retries). `messageId` lets a receiver recognise a message sent twice after a crash.
 */
export async function deliverMail(message: MailMessage): Promise<void> {
  if (!env.SMTP_URL) throw new Error("SMTP_URL is not set");
  // Short timeouts: a dead server fails an attempt quickly and the outbox tries again later.
  transport ??= nodemailer.createTransport(env.SMTP_URL, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  await transport.sendMail({ from: env.SMTP_FROM, ...message });
}

/** Sends at once; false when no SMTP server is configured or sending failed (the caller shows the link instead). */
export async function sendMail(message: MailMessage): Promise<boolean> {
  if (!env.SMTP_URL) return false;
  try {
    await deliverMail(message);
    return true;
  } catch (error) {
    console.warn(`mail to ${message.to} failed: ${(error as Error).message}`);
    return false;
  }
}
