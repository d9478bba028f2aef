import type { Level } from "../../disclosures/template-schema";

export const levelLabels: Record<Level, string> = { required: "必須", recommended: "推奨", none: "—" };

export function LevelBadge({ level }: { level: Level }) {
  if (level === "none") return null;
  return <span className={`badge badge-${level}`}>{levelLabels[level]}</span>;
}
