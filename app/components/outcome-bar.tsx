// A small bar of outcomes (issue 19, item 2): server-rendered SVG, one rectangle per part on a common scale, with the
// numbers in its accessible name and <title> — the text beside it says them too. Parts differ in lightness (dark for
// met, pale for gaps, white for the rest), so the bar reads the same printed in grey and for colour-blind readers;
// no pattern ids, which would repeat on a page of many bars.
export type BarPart = { label: string; count: number; kind: "met" | "gap" | "planned" | "unmet" | "na" | "other" };

/** From dark to light, so that the order of lightness stays in grey: met, unmet, planned, not counted, the rest. */
const FILL: Record<BarPart["kind"], string> = { met: "#1b6e3a", unmet: "#b3261e", gap: "#f3c6c2", planned: "#e8b931", na: "#d5dae1", other: "#ffffff" };

export function OutcomeBar({ parts, label, width = 120, height = 10 }: { parts: BarPart[]; label: string; width?: number; height?: number }) {
  const total = parts.reduce((n, p) => n + p.count, 0);
  if (!total) return null;
  const text = `${label}: ${parts.map((p) => `${p.label} ${p.count}`).join("、")}（計 ${total}）`;
  // Edges to a hundredth of a pixel, each from the running count (so rounding never adds up to a gap or overlap).
  const edge = (count: number) => Math.round((count / total) * width * 100) / 100;
  let before = 0;
  return (
    <svg className="outcome-bar" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={text}>
      <title>{text}</title>
      {parts.map((p) => {
        const x = edge(before);
        before += p.count;
        return <rect key={p.label} x={x} y={0} width={Math.round((edge(before) - x) * 100) / 100} height={height} fill={FILL[p.kind]} />;
      })}
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="none" stroke="#5b6575" />
    </svg>
  );
}

/** The parts of a bar of answers by outcome, in one order for every bar (the comparison's and the public page's). */
export function outcomeParts(c: { met: number; assigned: number; unmet: number; planned: number; notApplicable: number; unanswered: number; answered: number }): BarPart[] {
  return [
    { label: "対応済", count: c.met + c.assigned, kind: "met" },
    { label: "未対応", count: c.unmet, kind: "unmet" },
    { label: "実施予定", count: c.planned, kind: "planned" },
    { label: "対象外", count: c.notApplicable, kind: "na" },
    { label: "未回答", count: c.unanswered, kind: "gap" },
    { label: "その他", count: c.answered, kind: "other" },
  ];
}

/** 「対応済 12・未対応 1」: the non-zero parts in words, beside the bar. */
export const partsText = (parts: BarPart[]) => parts.filter((p) => p.count).map((p) => `${p.label} ${p.count}`).join("・");
