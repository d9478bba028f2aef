// The one notion of time: the current instant, and calendar dates in Japan.
//
// The official forms' dates (最終更新日, a certificate's expiry, 実施時期) are Japanese dates, and the server may
// run in any time zone at any hour: between 15:00 and 24:00 UTC, Japan is already on the next day. Every date
// comparison goes through here, never through `toISOString().slice(0, 10)` or the server's local date.
// Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is exact for the dates we handle.

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The current instant, in ms since the epoch. */
export const clock = {
  now: (): number => Date.now(),
};

/** The Japanese calendar date (YYYY-MM-DD) at an instant. */
export function japanDate(at: number): string {
  return new Date(at + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in Japan (YYYY-MM-DD), whatever the server's time zone. */
export function todayInJapan(now = clock.now()): string {
  return japanDate(now);
}

/** A YYYY-MM-DD string naming a day that exists (2028-02-29 yes, 2026-02-30 no). */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The instant a Japanese day begins (00:00 JST). */
export function startOfJapanDay(date: string): number {
  if (!isRealDate(date)) throw new Error(`startOfJapanDay: not a YYYY-MM-DD date: "${date}"`);
  return Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS;
}

/** The last millisecond of a Japanese day: something valid "until 2026-12-01" is valid up to this instant. */
export function endOfJapanDay(date: string): number {
  return startOfJapanDay(date) + DAY_MS - 1;
}

/** The Japanese date `months` calendar months before `date`, kept within the month (03-31 minus 1 → 02-28). */
export function monthsBefore(date: string, months: number): string {
  const m = DATE.exec(date);
  if (!m || !isRealDate(date)) throw new Error(`monthsBefore: not a YYYY-MM-DD date: "${date}"`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) - months;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Where "updated within the last n months" begins: the start of the Japanese day n calendar months before today.
 * On 2026-12-02 (JST), "3か月以内" means published on or after 2026-09-02 00:00 JST.
 */
export function withinMonthsSince(months: number, now = clock.now()): number {
  return startOfJapanDay(monthsBefore(todayInJapan(now), months));
}
