// Second-factor primitives. Expected codes come from an independent RFC 4226/6238 implementation below,
// never from otpauth, so a misconfigured library (wrong algorithm, digits, period) would show up here.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createTotpSecret,
  formatManualKey,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  totpQrSvgDataUrl,
  totpUri,
  verifyTotp,
} from "~/utils/totp.server";

// RFC 4226 §5.3: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits.
function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, "0");
}

// RFC 4648 base32 decoding, padding and case ignored.
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, "").toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const STEP_MS = 30_000;
const RFC_KEY = Buffer.from("12345678901234567890", "ascii");
const RFC_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/** The 6-digit code for a base32 secret at a given time step. */
function codeAt(secret: string, step: number): string {
  return hotp(base32Decode(secret), step, 6);
}

const toFullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

describe("test helper (RFC 6238 Appendix B, SHA1)", () => {
  it("reproduces the published vectors", () => {
    expect(hotp(RFC_KEY, Math.floor(59 / 30), 8)).toBe("94287082");
    expect(hotp(RFC_KEY, Math.floor(1111111109 / 30), 8)).toBe("07081804");
    expect(hotp(RFC_KEY, Math.floor(1234567890 / 30), 8)).toBe("89005924");
    expect(hotp(RFC_KEY, Math.floor(2000000000 / 30), 8)).toBe("69279037");
    expect(hotp(RFC_KEY, Math.floor(59 / 30), 6)).toBe("287082");
  });

  it("decodes base32", () => {
    expect(base32Decode(RFC_KEY_BASE32).equals(RFC_KEY)).toBe(true);
  });
});

describe("createTotpSecret / formatManualKey", () => {
  it("makes distinct 160-bit base32 secrets", () => {
    const a = createTotpSecret();
    const b = createTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
  });

  it("shows the key in groups of four", () => {
    const secret = createTotpSecret();
    const shown = formatManualKey(secret);
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    expect(shown.replace(/ /g, "")).toBe(secret);
    expect(formatManualKey(RFC_KEY_BASE32)).toBe("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  });
});

describe("verifyTotp", () => {
  // Mid-step, so that neither boundary is near.
  const now = 1_763_800_000_000 + 12_345;
  const step = Math.floor(now / STEP_MS);
  const secret = createTotpSecret();

  it("accepts the RFC 6238 vector at T = 59 s", () => {
    expect(verifyTotp(RFC_KEY_BASE32, "287082", null, 59_000)).toEqual({ ok: true, step: 1 });
  });

  it("accepts a fresh secret's current code and returns its step", () => {
    expect(verifyTotp(secret, codeAt(secret, step), null, now)).toEqual({ ok: true, step });
  });

  it("tolerates one step of clock drift either way", () => {
    expect(verifyTotp(RFC_KEY_BASE32, codeAt(RFC_KEY_BASE32, step - 1), null, now)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(RFC_KEY_BASE32, codeAt(RFC_KEY_BASE32, step + 1), null, now)).toEqual({ ok: true, step: step + 1 });
  });

  it("rejects codes two steps away", () => {
    const window = [-1, 0, 1].map((d) => codeAt(RFC_KEY_BASE32, step + d));
    for (const delta of [-2, 2]) {
      const code = codeAt(RFC_KEY_BASE32, step + delta);
      expect(window).not.toContain(code); // otherwise the assertion below would test nothing
      expect(verifyTotp(RFC_KEY_BASE32, code, null, now)).toEqual({ ok: false });
    }
  });

  it("never accepts a code twice, nor one older than the last used (RFC 6238 §5.2)", () => {
    const current = codeAt(RFC_KEY_BASE32, step);
    const previous = codeAt(RFC_KEY_BASE32, step - 1);
    const first = verifyTotp(RFC_KEY_BASE32, current, null, now);
    expect(first).toEqual({ ok: true, step });
    // The same code again, even a second later within the same step.
    expect(verifyTotp(RFC_KEY_BASE32, current, step, now)).toEqual({ ok: false });
    expect(verifyTotp(RFC_KEY_BASE32, current, step, now + 1000)).toEqual({ ok: false });
    // An older (still in-window) code after a newer one.
    expect(verifyTotp(RFC_KEY_BASE32, previous, step, now)).toEqual({ ok: false });
    // A later step was used already: the current code is now stale too.
    expect(verifyTotp(RFC_KEY_BASE32, current, step + 1, now)).toEqual({ ok: false });
    // A strictly newer step is still fine.
    expect(verifyTotp(RFC_KEY_BASE32, current, step - 1, now)).toEqual({ ok: true, step });
    expect(verifyTotp(RFC_KEY_BASE32, codeAt(RFC_KEY_BASE32, step + 1), step, now)).toEqual({ ok: true, step: step + 1 });
  });

  it("rejects malformed codes", () => {
    const good = codeAt(RFC_KEY_BASE32, step);
    for (const bad of ["12345", "abcdef", "1234567", "", "      ", `${good}0`, `${good}x`, `-${good}`, "12.456"]) {
      expect(verifyTotp(RFC_KEY_BASE32, bad, null, now), bad).toEqual({ ok: false });
    }
  });

  it("rejects a well-formed wrong code", () => {
    const window = [-1, 0, 1].map((d) => codeAt(RFC_KEY_BASE32, step + d));
    const wrong = ["000000", "111111", "999999"].find((c) => !window.includes(c))!;
    expect(verifyTotp(RFC_KEY_BASE32, wrong, null, now)).toEqual({ ok: false });
  });

  it("ignores spaces and accepts full-width digits", () => {
    const code = codeAt(RFC_KEY_BASE32, step);
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(verifyTotp(RFC_KEY_BASE32, spaced, null, now)).toEqual({ ok: true, step });
    expect(verifyTotp(RFC_KEY_BASE32, ` ${code} `, null, now)).toEqual({ ok: true, step });
    expect(verifyTotp(RFC_KEY_BASE32, toFullWidth(code), null, now)).toEqual({ ok: true, step });
    const fullWidthSpaced = `${toFullWidth(code.slice(0, 3))}\u3000${toFullWidth(code.slice(3))}`;
    expect(verifyTotp(RFC_KEY_BASE32, fullWidthSpaced, null, now)).toEqual({ ok: true, step });
  });
});

describe("totpUri / totpQrSvgDataUrl", () => {
  const email = "tanaka+2fa@example.co.jp";

  it("builds the key URI authenticator apps accept", () => {
    const secret = createTotpSecret();
    const uri = totpUri(secret, email);
    expect(uri.startsWith("otpauth://totp/")).toBe(true);
    const [path, query] = uri.slice("otpauth://totp/".length).split("?");
    expect(path).toBe(`Kaiji:${encodeURIComponent(email)}`);
    expect(path).toContain("tanaka%2B2fa%40example.co.jp");
    const params = new URLSearchParams(query);
    expect(params.get("issuer")).toBe("Kaiji");
    expect(params.get("secret")).toBe(secret);
    expect(params.get("algorithm")).toBe("SHA1");
    expect(params.get("digits")).toBe("6");
    expect(params.get("period")).toBe("30");
  });

  it("draws the URI as an SVG data URL", async () => {
    const url = await totpQrSvgDataUrl(totpUri(createTotpSecret(), email));
    const prefix = "data:image/svg+xml;base64,";
    expect(url.startsWith(prefix)).toBe(true);
    const body = url.slice(prefix.length);
    expect(body).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const svg = Buffer.from(body, "base64").toString("utf8").trimStart();
    expect(svg.startsWith("<svg") || svg.startsWith("<?xml")).toBe(true);
    expect(svg).toContain("</svg>");
    expect(svg).not.toMatch(/<script|<style|\son\w+=/i);
  });
});

describe("recovery codes", () => {
  const symbol = "[abcdefghjkmnpqrstuvwxyz2-9]";
  const format = new RegExp(`^${symbol}{4}(-${symbol}{4}){3}$`);

  it("makes ten distinct codes in an unambiguous alphabet", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(format);
      expect(code).not.toMatch(/[0o1li]/);
    }
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it("carries at least 60 bits of entropy per code", () => {
    const codes = generateRecoveryCodes(500);
    const used = new Set(codes.join("").replace(/-/g, ""));
    // Every symbol shows up, so the alphabet really has 31 symbols...
    expect(used.size).toBe(31);
    // ...and 31^(symbols per code) ≥ 2^60.
    expect(normalizeRecoveryCode(codes[0]).length * Math.log2(used.size)).toBeGreaterThanOrEqual(60);
  });

  it("normalises what people type", () => {
    expect(normalizeRecoveryCode(" ABCD-efgh-JKMN ")).toBe("abcdefghjkmn");
    expect(normalizeRecoveryCode("ＡＢＣＤ－ｅｆｇｈ　ｊｋｍｎ")).toBe("abcdefghjkmn");
  });

  it("hashes the normalised code with SHA-256", () => {
    expect(hashRecoveryCode("ABCD-efgh-jkmn")).toBe(hashRecoveryCode("abcdefghjkmn"));
    expect(hashRecoveryCode("abcdefghjkmn")).toBe(createHash("sha256").update("abcdefghjkmn").digest("hex"));
    const [code] = generateRecoveryCodes(1);
    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, " "))).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code)).not.toBe(hashRecoveryCode(generateRecoveryCodes(1)[0]));
  });
});
