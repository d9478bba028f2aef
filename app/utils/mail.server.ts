// Outgoing e-mail, only when SMTP_URL is set: the portal works without a mail server (owners
// copy invitation links), and sends them as well when one is configured.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server.js";

let transport: Transporter | undefined;

export const mailConfigured = () => Boolean(env.SMTP_URL);

/** Sends a plain-text message; false when no SMTP server is configured or sending failed. */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  if (!env.SMTP_URL) return false;
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  try {
    await transport.sendMail({ from: env.SMTP_FROM, ...message });
    return true;
  } catch (error) {
    // The invitation exists either way; the owner is told to pass the link on by hand.
    console.warn(`mail to ${message.to} failed: ${(error as Error).message}`);
    return false;
  }
}
