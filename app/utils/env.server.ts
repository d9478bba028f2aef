// process.env is read and validated here once (STYLE.md §6); everything else imports `env`.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/kaiji.sqlite"),
  /** postgres://user:password@host/db: PostgreSQL instead of the SQLite file at DATABASE_PATH (README "Deployment"). */
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional()),
  /** Built-in template files; the default is the repository's disclosures/templates. */
  TEMPLATES_DIR: z.string().min(1).optional(),
  /** Requests per minute per IP across the whole site. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** POSTs per 15 minutes per IP to the sign-in, sign-up, second-factor, password and invitation routes. */
  AUTH_RATE_LIMIT_PER_15_MINUTES: z.coerce.number().int().positive().default(30),
  /** Comparisons and PDFs per client: at most this many at once, and this many a minute (page-cache hits are free). */
  EXPENSIVE_CONCURRENT_PER_CLIENT: z.coerce.number().int().positive().default(2),
  EXPENSIVE_PER_MINUTE: z.coerce.number().int().positive().default(60),
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
  /**
   * The site's address, e.g. https://kaiji.example.jp: the only source of absolute URLs we hand out (PDFs,
   * invitations, e-mails), never the request's Host. Required to start the server in production
   * (scripts/start.sh sets http://localhost:PORT when unset); elsewhere it defaults to http://localhost:PORT.
   */
  PUBLIC_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .url()
      .refine((s) => /^https?:\/\//.test(s), "must start with http:// or https://")
      .transform((s) => new URL(s).origin)
      .optional(),
  ),
  /**
   * Which proxies' X-Forwarded-For/-Proto to believe (Express "trust proxy": loopback, an address or CIDR list,
   * or a hop count). Unset: none, the peer address is the client.
   */
  TRUST_PROXY: z.string().min(1).optional(),
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

/** The site's origin for absolute URLs (no trailing slash): PUBLIC_URL, or http://localhost:PORT outside production. */
export function publicOrigin(): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** Why the server must not start with this environment, if it must not: production needs PUBLIC_URL. */
export function startupProblem(): string | null {
  if (env.NODE_ENV === "production" && !env.PUBLIC_URL) {
    return "PUBLIC_URL is required in production: the site's address, printed in PDFs and invitation links (e.g. PUBLIC_URL=https://kaiji.example.jp). It is never taken from the request's Host header.";
  }
  return null;
}

/** Express's "trust proxy" from TRUST_PROXY: a hop count, or the names/addresses Express understands. */
export function trustProxySetting(): boolean | number | string {
  const value = env.TRUST_PROXY?.trim();
  if (!value || value === "false" || value === "0") return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
