// The outcome bars (issue 19): one rectangle per part on a common scale. A page of 50 directory entries or a
// 20-vendor comparison draws many of them, so positions are written to a hundredth of a pixel, and the parts still
// tile the bar exactly: no gap or overlap builds up from rounding.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OutcomeBar, type BarPart } from "../app/components/outcome-bar.js";

const rects = (parts: BarPart[], width = 120) =>
  [...renderToStaticMarkup(createElement(OutcomeBar, { parts, label: "必須項目", width })).matchAll(/<rect x="([^"]+)" y="0" width="([^"]+)" height="10" fill="(#[0-9a-f]+)"/g)].map((m) => ({ x: m[1], width: m[2], fill: m[3] }));

describe("OutcomeBar", () => {
  it("writes positions to a hundredth of a pixel, the parts tiling the whole width", () => {
    const bars = rects([
      { label: "対応済", count: 393, kind: "met" },
      { label: "未対応", count: 7, kind: "unmet" },
      { label: "未回答", count: 14, kind: "gap" },
    ]);
    expect(bars.map((b) => b.fill)).toEqual(["#1b6e3a", "#b3261e", "#f3c6c2"]);
    for (const b of bars) for (const n of [b.x, b.width]) expect(n).toMatch(/^\d+(\.\d{1,2})?$/);
    // Each part starts where the one before ends, and the last ends at the bar's edge.
    let end = 0;
    for (const b of bars) {
      expect(Number(b.x)).toBeCloseTo(end, 9);
      end = Number(b.x) + Number(b.width);
    }
    expect(end).toBeCloseTo(120, 9);
    // 393 of 414 is 113.913… pixels.
    expect(bars[0]).toMatchObject({ x: "0", width: "113.91" });
  });

  it("draws nothing for no answers, and a zero-width part for an outcome nobody has", () => {
    expect(renderToStaticMarkup(createElement(OutcomeBar, { parts: [{ label: "対応済", count: 0, kind: "met" }], label: "必須項目" }))).toBe("");
    const bars = rects([
      { label: "対応済", count: 1, kind: "met" },
      { label: "未対応", count: 0, kind: "unmet" },
      { label: "未回答", count: 2, kind: "gap" },
    ]);
    expect(bars.map((b) => [b.x, b.width])).toEqual([["0", "40"], ["40", "0"], ["40", "80"]]);
  });
});
