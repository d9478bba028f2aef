// Autosave: POST JSON { changes: [{ key, baseRevision, response | null }] } with only the changed
// items. Answers are kept even when not yet valid (publishing checks them); notes and evidence
// links are checked now, because they are shown as written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { coherentValue, CONTROL_CHARACTERS, CONTROL_MESSAGE } from "../../disclosures/answers";
import { computeDerived } from "../../disclosures/derived";
import { evidenceSchema, NOTE_MAX, EVIDENCE_MAX } from "../../disclosures/disclosure-content";
import { formatAnswer } from "../../disclosures/diff";
import { progressOf } from "../../disclosures/progress";
import { walkItems } from "../../disclosures/template-loader";
import { getDisclosure, getDraft, saveDraft } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { BadJsonError, readJson } from "~/utils/request-body.server";

const MAX_VALUE = 50_000;

const bodySchema = z.object({
  changes: z
    .array(
      z.object({
        key: z.string().min(1).max(200),
        baseRevision: z.number().int().min(0),
        response: z
          .object({
            value: z.unknown().optional(),
            note: z.string().max(NOTE_MAX, `備考は${NOTE_MAX}文字以内にしてください`).refine((s) => !CONTROL_CHARACTERS.test(s), CONTROL_MESSAGE).optional(),
            evidence: z.array(evidenceSchema).max(EVIDENCE_MAX).optional(),
          })
          .strict()
          .nullable(),
      }),
    )
    .max(1000),
});

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  // The body's size is bounded before it is read (BODY_LIMITS.autosave in http-middleware.server.ts).
  let raw: unknown;
  try {
    raw = await readJson(request);
  } catch (error) {
    if (error instanceof BadJsonError) return json({ error: "保存内容の形式が正しくありません" }, { status: 400 });
    throw error;
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json({ error: `保存できません: ${issue.message}`, path: issue.path.join(".") }, { status: 400 });
  }
  const body = parsed.data;
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  for (const change of body.changes) {
    const item = items.get(change.key);
    if (!item || item.answer.kind === "derived") return json({ error: `この様式にない項目です: ${change.key}` }, { status: 400 });
    if (JSON.stringify(change.response?.value ?? null).length > MAX_VALUE) return json({ error: `回答が長すぎます: ${item.number ?? change.key}` }, { status: 400 });
  }
  // What no longer applies (実施時期 after 実施済, a reason after leaving 対象外, the text of an unticked option) is not stored.
  const changes = body.changes.map((change) => {
    const item = items.get(change.key)!;
    return change.response?.value === undefined ? change : { ...change, response: { ...change.response, value: coherentValue(item.answer, template, change.response.value) } };
  });
  const result = await saveDraft(db, actorOf(user), disclosure, changes as Parameters<typeof saveDraft>[3], requestMeta(context));
  const { content } = await getDraft(db, disclosure);
  const values = Object.fromEntries(Object.entries(content.responses).map(([k, r]) => [k, r.value]));
  return json({
    saved: result.saved,
    conflicts: result.conflicts.map((c) => {
      const item = items.get(c.key)!;
      const describe = (r: typeof c.mine) => (r ? [formatAnswer(template, item, r.value), r.note ? `備考: ${r.note}` : ""].filter(Boolean).join(" ／ ") : "（空欄）");
      return { ...c, mineText: describe(c.mine), theirsText: describe(c.theirs) };
    }),
    progress: progressOf(template, content).overall,
    derived: Object.values(computeDerived(template, values)),
  });
}
