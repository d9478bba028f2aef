// What a disclosure says: per item, an answer value, a note (備考) and evidence (根拠資料).
// A published version is this content, serialised canonically and hashed with SHA-256, so anyone
// can recompute the hash from the JSON we publish.
import { z } from "zod";
import { answerSchema, coherentValue, httpUrl, safeText, type AnswerValue } from "./answers.js";
import { canonicalJson, sha256Hex } from "./canonical-json.js";
import { walkItems } from "./template-loader.js";
import type { Item, Template } from "./template-schema.js";

export type Evidence = { name?: string; url?: string };
export type ItemResponse = { value?: AnswerValue; note?: string; evidence?: Evidence[] };

export type DisclosureContent = {
  templateId: string;
  templateVersion: string;
  /** Keyed by item key; items with nothing said are absent. */
  responses: Record<string, ItemResponse>;
};

export const NOTE_MAX = 5000;
export const EVIDENCE_MAX = 20;


// Evidence links are shown as links: only http(s), never javascript:, data: or file:.
export const evidenceSchema = z
  .object({
    name: safeText(300).optional(),
    url: httpUrl("根拠資料のURLは http または https にしてください").optional(),
  })
  .strict()
  .refine((e) => Boolean(e.name?.trim() || e.url), "資料名かURLを入力してください");

/** The schema of one item's response (value by answer kind, note, evidence). */
export function responseSchema(item: Item, template: Template) {
  const value = answerSchema(item.answer, template);
  return z
    .object({
      // Derived items are computed, never stored.
      value: value ? value.optional() : z.undefined(),
      note: safeText(NOTE_MAX).optional(),
      evidence: z.array(evidenceSchema).max(EVIDENCE_MAX, `根拠資料は${EVIDENCE_MAX}件までです`).optional(),
    })
    .strict();
}

/** Drops empty parts so that "nothing said" has exactly one representation (and one hash). */
export function normalizeResponse(response: ItemResponse): ItemResponse | undefined {
  const out: ItemResponse = {};
  if (response.value !== undefined && response.value !== "" && response.value !== null) out.value = response.value;
  if (response.note?.trim()) out.note = response.note;
  const evidence = (response.evidence ?? []).filter((e) => e.name?.trim() || e.url?.trim());
  if (evidence.length) out.evidence = evidence.map((e) => ({ ...(e.name?.trim() ? { name: e.name } : {}), ...(e.url?.trim() ? { url: e.url } : {}) }));
  return Object.keys(out).length ? out : undefined;
}

export function normalizeContent(content: DisclosureContent): DisclosureContent {
  const responses: Record<string, ItemResponse> = {};
  for (const [key, response] of Object.entries(content.responses)) {
    const normalized = normalizeResponse(response);
    if (normalized) responses[key] = normalized;
  }
  return { templateId: content.templateId, templateVersion: content.templateVersion, responses };
}

/** The exact bytes that are hashed: canonical JSON of the normalised content. */
export function canonicalContent(content: DisclosureContent): string {
  return canonicalJson(normalizeContent(content));
}

export function contentHash(content: DisclosureContent): string {
  return sha256Hex(canonicalContent(content));
}

/** Every answer of the content without the parts that no longer apply to it (`coherentValue`). */
export function coherentContent(template: Template, content: DisclosureContent): DisclosureContent {
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  const responses = Object.fromEntries(
    Object.entries(content.responses).map(([key, response]) => {
      const item = items.get(key);
      return [key, item && response.value !== undefined ? { ...response, value: coherentValue(item.answer, template, response.value) as AnswerValue } : response];
    }),
  );
  return { ...content, responses };
}

/** Responses to keys the template does not have: kept out of any published version. */
export function unknownKeys(template: Template, content: DisclosureContent): string[] {
  const keys = new Set([...walkItems(template)].map((e) => e.item.key));
  return Object.keys(content.responses).filter((k) => !keys.has(k));
}
