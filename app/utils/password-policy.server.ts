// Password policy for Kaiji accounts. Kaiji must itself meet the MHLW 医療情報システムの安全管理に関するガイドライン
// it publishes disclosures about: a password is either at least 13 characters mixing letters, digits and symbols,
// or at least 8 characters (still mixing all three) when the account has a second authentication factor.
// On top of that we refuse the most common passwords, passwords built on the e-mail address, and
// one-character / sequential runs, and cap the length so a huge input cannot make Argon2 hashing expensive.
import { dictionary } from "@zxcvbn-ts/language-common";

export const PASSWORD_MAX_LENGTH = 256;
const MIN_LENGTH = 13;
const MIN_LENGTH_WITH_SECOND_FACTOR = 8;

const MESSAGES = {
  tooShort: "パスワードは13文字以上にしてください（二要素認証を有効にしている場合は8文字以上）",
  tooShortWithSecondFactor: "パスワードは8文字以上にしてください",
  tooLong: "パスワードは256文字以内にしてください",
  classes: "英字・数字・記号をすべて含めてください",
  common: "よく使われるパスワードは使えません",
  email: "メールアドレスの一部を含むパスワードは使えません",
  runs: "同じ文字や連続した文字の並びが多すぎます",
} as const;

// Character classes. Letters include kana/kanji and full-width Latin; any other visible character
// (punctuation, space, full-width symbols) counts as a symbol. Combining marks belong to their letter.
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const SYMBOL = /[^\p{L}\p{M}\p{N}]/u;
// Leading/trailing digits and symbols, stripped to find a common word padded as "Password123!".
const NON_LETTER_EDGES = /^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu;
const MIN_PADDED_WORD_LENGTH = 4;
const MIN_LOCAL_PART_LENGTH = 3;
const MIN_LOCAL_PART_PIECE_LENGTH = 4;

let commonPasswords: Set<string> | undefined;
function isCommon(candidate: string): boolean {
  // ~49k lowercase entries; the Set is built on first use, not at import time.
  commonPasswords ??= new Set(dictionary.passwords);
  return commonPasswords.has(candidate);
}

// Full-width letters/digits ("ＰＡＳＳ１") compare like their ASCII forms.
const normalise = (s: string) => s.normalize("NFKC").toLowerCase();
const codePoints = (s: string) => [...s].length;

export function checkPassword(password: string, context: { email: string; hasSecondFactor: boolean }): string[] {
  const problems: string[] = [];
  const length = codePoints(password);
  const minLength = context.hasSecondFactor ? MIN_LENGTH_WITH_SECOND_FACTOR : MIN_LENGTH;

  if (length < minLength) problems.push(context.hasSecondFactor ? MESSAGES.tooShortWithSecondFactor : MESSAGES.tooShort);
  if (length > PASSWORD_MAX_LENGTH) problems.push(MESSAGES.tooLong);
  if (!LETTER.test(password) || !DIGIT.test(password) || !SYMBOL.test(password)) problems.push(MESSAGES.classes);

  const normalised = normalise(password);
  const core = normalised.replace(NON_LETTER_EDGES, "");
  if (isCommon(normalised) || (codePoints(core) >= MIN_PADDED_WORD_LENGTH && isCommon(core))) {
    problems.push(MESSAGES.common);
  }

  if (containsEmailLocalPart(normalised, context.email)) problems.push(MESSAGES.email);
  if (isDominatedByRun(normalised)) problems.push(MESSAGES.runs);
  return problems;
}

function containsEmailLocalPart(normalisedPassword: string, email: string): boolean {
  const at = email.lastIndexOf("@");
  const local = normalise(at >= 0 ? email.slice(0, at) : email);
  if (codePoints(local) < MIN_LOCAL_PART_LENGTH) return false;
  if (normalisedPassword.includes(local)) return true;
  return local
    .split(/[._+-]/)
    .some((piece) => codePoints(piece) >= MIN_LOCAL_PART_PIECE_LENGTH && normalisedPassword.includes(piece));
}

// Runs check, deliberately simple: find the longest stretch where every step moves by the same amount, 0 or ±1,
// either in code points ("aaaa", "abcd", "4321") or along one row of a QWERTY keyboard ("qwer", "7890", "lkjh").
// If that stretch is at least 4 characters and makes up half or more of the password, the password is
// mostly a pattern a guesser tries first, whatever padding surrounds it.
const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const KEYBOARD_POSITION = new Map<string, number>(
  // Rows are 100 apart so stepping between rows never counts as a ±1 move.
  KEYBOARD_ROWS.flatMap((row, r) => [...row].map((key, i): [string, number] => [key, r * 100 + i])),
);
const MIN_RUN = 4;

function isDominatedByRun(normalisedPassword: string): boolean {
  const chars = [...normalisedPassword];
  const longest = Math.max(
    longestRun(chars, (c) => c.codePointAt(0)),
    longestRun(chars, (c) => KEYBOARD_POSITION.get(c)),
  );
  return longest >= MIN_RUN && longest * 2 >= chars.length;
}

function longestRun(chars: string[], position: (c: string) => number | undefined): number {
  let longest = Math.min(chars.length, 1);
  let run = 1;
  let step: number | undefined;
  for (let i = 1; i < chars.length; i++) {
    const a = position(chars[i - 1]);
    const b = position(chars[i]);
    const d = a === undefined || b === undefined ? undefined : b - a;
    if (d === undefined || Math.abs(d) > 1) {
      run = 1;
      step = undefined;
    } else if (run > 1 && d === step) {
      run++;
    } else {
      run = 2; // a new run starting at the previous character
      step = d;
    }
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Field errors for a new password and its confirmation (sign-up and password change), or null. */
export function newPasswordErrors(password: string, confirm: string, context: { email: string; hasSecondFactor: boolean }): Record<string, string> | null {
  const problems = checkPassword(password, context);
  if (problems.length) return { password: problems.join("／") };
  if (password !== confirm) return { confirm: "確認用のパスワードが一致しません" };
  return null;
}
