// Second-factor primitives (TOTP and recovery codes), pure functions with no database access.
// Why: the healthcare security guidelines our users work under (MHLW's guideline for the security management
// of medical information systems, and the METI/MIC guideline for their providers) require two-factor
// authentication for remote access to medical information systems, so vendor accounts get a second factor.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import { clock } from "../../disclosures/clock.js";

const ISSUER = "Kaiji";
// The parameters every common authenticator app (Google, Microsoft, IIJ SmartKey) accepts; most ignore others.
const ALGORITHM = "SHA1";
const DIGITS = 6;
const PERIOD_SECONDS = 30;
// ±1 step tolerates clock drift between server and phone without widening the guessing window much.
const WINDOW = 1;

/** A new random 160-bit secret (the RFC 4226 recommended length), base32 without padding. */
export function createTotpSecret(): string {
  // Copy into a fresh Uint8Array: a Buffer's .buffer may be a shared pool slab.
  const bytes = new Uint8Array(randomBytes(20));
  return new OTPAuth.Secret({ buffer: bytes.buffer }).base32;
}

/** The base32 key in groups of 4, for people typing it into an app by hand. */
export function formatManualKey(secret: string): string {
  const clean = secret.replace(/[\s=]/g, "").toUpperCase();
  return (clean.match(/.{1,4}/g) ?? []).join(" ");
}

function totp(secret: string, label = "") {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    issuerInLabel: true,
    secret: OTPAuth.Secret.fromBase32(secret.replace(/[\s=]/g, "").toUpperCase()),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

/** The otpauth://totp/Kaiji:<email>?issuer=Kaiji&... key URI that authenticator apps scan. */
export function totpUri(secret: string, accountEmail: string): string {
  return totp(secret, accountEmail).toString();
}

/**
 * The key URI as a QR code in an SVG data: URL. The CSP allows `img-src data:`, and an SVG shown through
 * <img> runs no scripts, so nothing inline reaches the page.
 */
export async function totpQrSvgDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 4, width: 240 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

/** NFKC turns full-width digits and spaces into ASCII; anything but exactly six digits is refused. */
function normalizeTotpCode(code: string): string | null {
  const clean = code.normalize("NFKC").replace(/\s+/g, "");
  return /^\d{6}$/.test(clean) ? clean : null;
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a code against the steps around `now`. Returns the time step it matched so the caller can store it:
 * a code whose step is not later than `lastUsedStep` is refused, since RFC 6238 §5.2 forbids accepting
 * the same code twice (and an older one after a newer one).
 */
export function verifyTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: number = clock.now(),
): { ok: true; step: number } | { ok: false } {
  const token = normalizeTotpCode(code);
  if (token === null) return { ok: false };
  const generator = totp(secret);
  const current = Math.floor(now / (PERIOD_SECONDS * 1000));
  // The current step first, so a code that happens to collide across steps resolves to the expected one.
  const deltas = [0, ...Array.from({ length: WINDOW }, (_, i) => [-(i + 1), i + 1]).flat()];
  for (const delta of deltas) {
    const step = current + delta;
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    const expected = generator.generate({ timestamp: step * PERIOD_SECONDS * 1000 });
    if (sameCode(token, expected)) return { ok: true, step };
  }
  return { ok: false };
}

// No 0/o, 1/l/i: codes are read off paper and typed back by hand.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // 31 symbols
// 31 symbols carry log2(31) ≈ 4.95 bits each, so 12 symbols would give only 59.4 bits; 16 give ≈ 79 bits.
const RECOVERY_GROUPS = 4;
const RECOVERY_GROUP_LENGTH = 4;

function randomRecoveryChars(length: number): string {
  // Rejection sampling keeps every symbol equally likely: only bytes below 248 (= 8 × 31) are used.
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Single-use recovery codes like `xxxx-xxxx-xxxx-xxxx`; show them once and store only their hashes. */
export function generateRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const chars = randomRecoveryChars(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH);
    const groups = chars.match(new RegExp(`.{${RECOVERY_GROUP_LENGTH}}`, "g")) ?? [];
    codes.add(groups.join("-"));
  }
  return [...codes];
}

/** What the user typed, in the form that was hashed: NFKC, lower case, no spaces or hyphens. */
export function normalizeRecoveryCode(input: string): string {
  return input.normalize("NFKC").toLowerCase().replace(/[\s-]+/g, "");
}

/**
 * SHA-256 hex of the normalised code. A fast hash is fine here, unlike for passwords: the codes are
 * random with ~79 bits of entropy, so there is no dictionary to brute-force from a leaked hash.
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code), "utf8").digest("hex");
}
