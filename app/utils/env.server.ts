// process.env is read and validated here once (STYLE.md §6); everything else imports `env`.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/kaiji.sqlite"),
  /** Built-in template files; the default is the repository's disclosures/templates. */
  TEMPLATES_DIR: z.string().min(1).optional(),
  /** Requests per minute per IP across the whole site. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** POSTs per 15 minutes per IP to the sign-in, sign-up, second-factor, password and invitation routes. */
  AUTH_RATE_LIMIT_PER_15_MINUTES: z.coerce.number().int().positive().default(30),
  /** A session ends after this many minutes without a request (the guideline's idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** ...and in any case this many hours after sign-in. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** Failed sign-ins before the account is locked, and for how long. */
  LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(10),
  LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  /** Base of the growing delay after repeated failed sign-ins (doubles per failure, at most 16×). */
  AUTH_DELAY_BASE_MS: z.coerce.number().int().min(0).default(500),
  INVITATION_TTL_HOURS: z.coerce.number().int().positive().default(72),
  /** Base URL for links we hand out (invitations), e.g. https://kaiji.example.jp; default: the request's origin. */
  PUBLIC_URL: z.string().url().optional(),
  /** smtp(s)://user:pass@host:port — when set, invitations are also sent by e-mail. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default("Kaiji <no-reply@localhost>"),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv(process.env);
