// Japanese dates from instants, whatever the hour in UTC: between 15:00 and 24:00 UTC, Japan is on the next day.
import { afterEach, describe, expect, it, vi } from "vitest";
import { clock, endOfJapanDay, isRealDate, japanDate, monthsBefore, startOfJapanDay, todayInJapan, withinMonthsSince } from "../disclosures/clock.js";

const utc = (iso: string) => Date.parse(`${iso}Z`);

describe("the clock", () => {
  it("gives the Japanese date, which runs nine hours ahead of UTC", () => {
    expect(japanDate(utc("2026-12-01T14:59:59.999"))).toBe("2026-12-01");
    expect(japanDate(utc("2026-12-01T15:00:00"))).toBe("2026-12-02");
    expect(todayInJapan(utc("2026-12-31T23:30:00"))).toBe("2027-01-01");
    expect(todayInJapan(utc("2028-02-28T15:00:00"))).toBe("2028-02-29");
  });

  it("bounds a Japanese day by Japanese midnight", () => {
    expect(startOfJapanDay("2026-12-02")).toBe(utc("2026-12-01T15:00:00"));
    expect(endOfJapanDay("2026-12-01")).toBe(utc("2026-12-01T14:59:59.999"));
    expect(japanDate(endOfJapanDay("2026-12-01"))).toBe("2026-12-01");
    expect(japanDate(endOfJapanDay("2026-12-01") + 1)).toBe("2026-12-02");
    expect(() => startOfJapanDay("2026-02-30")).toThrow(/not a YYYY-MM-DD date/);
  });

  it("counts calendar months back, kept within the month", () => {
    expect(monthsBefore("2026-12-02", 3)).toBe("2026-09-02");
    expect(monthsBefore("2026-12-02", 24)).toBe("2024-12-02");
    expect(monthsBefore("2026-05-31", 3)).toBe("2026-02-28");
    expect(monthsBefore("2028-05-31", 3)).toBe("2028-02-29");
    expect(monthsBefore("2026-01-15", 1)).toBe("2025-12-15");
    expect(monthsBefore("2026-03-31", 13)).toBe("2025-02-28");
  });

  it("starts 'within n months' at Japanese midnight n months before today in Japan, not at the UTC date", () => {
    // 01:30 on 2 December in Japan is 16:30 on 1 December in UTC.
    const now = Date.parse("2026-12-02T01:30:00+09:00");
    expect(withinMonthsSince(3, now)).toBe(Date.parse("2026-09-02T00:00:00+09:00"));
    expect(withinMonthsSince(6, now)).toBe(Date.parse("2026-06-02T00:00:00+09:00"));
    // Taken in UTC it would be 2026-09-01T00:00Z, a day and nine hours earlier.
    expect(withinMonthsSince(3, now)).not.toBe(utc("2026-09-01T00:00:00"));
  });

  it("knows which dates exist", () => {
    for (const ok of ["2026-02-28", "2028-02-29", "2026-12-31", "1899-12-31", "0001-01-01"]) expect(isRealDate(ok), ok).toBe(true);
    for (const bad of ["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-1", "0000-01-01", "2026-04-01T00:00", ""]) expect(isRealDate(bad), bad).toBe(false);
  });
});

describe("the clock's defaults read the current instant", () => {
  // Fixed instants, so the result never depends on the hour the suite runs.
  afterEach(() => vi.restoreAllMocks());

  it("today in Japan and 'within n months' from clock.now, across the Japanese midnight", () => {
    vi.spyOn(clock, "now").mockReturnValue(utc("2026-12-01T14:59:59.999"));
    expect(todayInJapan()).toBe("2026-12-01");
    expect(withinMonthsSince(1)).toBe(Date.parse("2026-11-01T00:00:00+09:00"));
    vi.spyOn(clock, "now").mockReturnValue(utc("2026-12-01T15:00:00"));
    expect(todayInJapan()).toBe("2026-12-02");
    expect(withinMonthsSince(1)).toBe(Date.parse("2026-11-02T00:00:00+09:00"));
  });

  it("is Date.now unless a test replaces it", () => {
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("calendar arithmetic at the edges", () => {
  it("pads years before 1000 and moves across year ends both ways", () => {
    expect(monthsBefore("0999-05-31", 1)).toBe("0999-04-30");
    expect(monthsBefore("2026-12-02", 0)).toBe("2026-12-02");
    expect(monthsBefore("2026-12-31", -2)).toBe("2027-02-28");
    expect(monthsBefore("2027-01-31", 1)).toBe("2026-12-31");
    expect(monthsBefore("2026-12-15", 12)).toBe("2025-12-15");
  });

  it("refuses what is not a real date, naming it", () => {
    expect(() => monthsBefore("2026-02-30", 1)).toThrow('monthsBefore: not a YYYY-MM-DD date: "2026-02-30"');
    expect(() => monthsBefore("2026-2-3", 1)).toThrow("monthsBefore");
    expect(() => startOfJapanDay("2026-12-01T00:00")).toThrow('startOfJapanDay: not a YYYY-MM-DD date: "2026-12-01T00:00"');
    expect(() => endOfJapanDay("x")).toThrow("not a YYYY-MM-DD date");
  });

  it("a Japanese day is 24 hours to the millisecond", () => {
    expect(endOfJapanDay("2028-02-29") - startOfJapanDay("2028-02-29")).toBe(24 * 60 * 60 * 1000 - 1);
    expect(startOfJapanDay("2028-03-01")).toBe(endOfJapanDay("2028-02-29") + 1);
    expect(japanDate(startOfJapanDay("2027-01-01") - 1)).toBe("2026-12-31");
  });
});
