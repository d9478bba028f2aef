// What publishing the draft would publish, before it is published: what prevents it, the items that
// change since the last version (or, for 第1版, how many are answered), and the derived results before →
// after. Also the 改版理由 rule: optional for 第1版, required from 第2版 on. The reason is version metadata
// (like the publish time), never part of the hashed content.
import { CONTROL_CHARACTERS, CONTROL_MESSAGE } from "./answers.js";
import { computeDerived } from "./derived.js";
import { coherentContent, contentHash, type DisclosureContent } from "./disclosure-content.js";
import { answersOf, buildContentView, buildDiffView, derivedText, type DiffItemView } from "./disclosure-view.js";
import { validateForPublish, type PublishProblem } from "./publish-validation.js";
import type { Template } from "./template-schema.js";

export const CHANGE_REASON_MAX = 1000;
export const CHANGE_REASON_REQUIRED_MESSAGE = "第2版以降を公開するときは改版理由を入力してください";

/** A checked 改版理由 (line breaks as \n, blank → null), or the reason it is refused, in Japanese. */
export function parseChangeReason(raw: unknown, versionNumber: number): { ok: true; reason: string | null } | { ok: false; error: string } {
  const text = typeof raw === "string" ? raw.replace(/\r\n?/g, "\n").trim() : "";
  if (!text) return versionNumber > 1 ? { ok: false, error: CHANGE_REASON_REQUIRED_MESSAGE } : { ok: true, reason: null };
  if ([...text].length > CHANGE_REASON_MAX) return { ok: false, error: `改版理由は${CHANGE_REASON_MAX}文字以内で入力してください` };
  if (CONTROL_CHARACTERS.test(text)) return { ok: false, error: `改版理由に${CONTROL_MESSAGE}` };
  return { ok: true, reason: text };
}

export type DerivedChange = { key: string; title: string; before: string | null; after: string; changed: boolean };

/** Every derived result of the template, before (null: no earlier version) and after. */
export function derivedChanges(template: Template, before: DisclosureContent | null, after: DisclosureContent): DerivedChange[] {
  const old = before ? computeDerived(template, answersOf(before)) : {};
  return Object.values(computeDerived(template, answersOf(after))).map((result) => {
    const was = old[result.key] ? derivedText(old[result.key]) : null;
    const now = derivedText(result);
    return { key: result.key, title: result.title, before: was, after: now, changed: was !== now };
  });
}

export type PublishSummary = {
  /** The number the version would get. */
  number: number;
  problems: PublishProblem[];
  /** True when the draft says exactly what the last version says (nothing to publish). */
  unchanged: boolean;
  /** Items changed since the last version; empty for 第1版. */
  changes: DiffItemView[];
  counts: { added: number; removed: number; changed: number };
  answered: number;
  itemCount: number;
  derived: DerivedChange[];
};

/**
 * The summary of publishing `draft` after `latest` (null before 第1版). The draft is taken as publishing
 * takes it (coherent: no 実施時期 after 実施済 …), so what is shown is what would be stored.
 */
export function summarizePublish(template: Template, draft: DisclosureContent, latest: { number: number; content: DisclosureContent; contentHash: string } | null): PublishSummary {
  const content = coherentContent(template, draft);
  const changes = latest ? buildDiffView(template, latest.content, content) : [];
  const view = buildContentView(template, content);
  return {
    number: (latest?.number ?? 0) + 1,
    problems: validateForPublish(template, content),
    unchanged: latest !== null && latest.contentHash === contentHash(content),
    changes,
    counts: {
      added: changes.filter((c) => c.change === "added").length,
      removed: changes.filter((c) => c.change === "removed").length,
      changed: changes.filter((c) => c.change === "changed").length,
    },
    answered: view.answeredCount,
    itemCount: view.itemCount,
    derived: derivedChanges(template, latest?.content ?? null, content),
  };
}
