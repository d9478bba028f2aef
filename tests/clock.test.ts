// Japanese dates from instants, whatever the hour in UTC: between 15:00 and 24:00 UTC, Japan is on the next day.
import { describe, expect, it } from "vitest";
import { endOfJapanDay, isRealDate, japanDate, monthsBefore, startOfJapanDay, todayInJapan, withinMonthsSince } from "../disclosures/clock.js";

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
