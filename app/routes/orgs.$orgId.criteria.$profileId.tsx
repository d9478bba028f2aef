import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { criteriaFilterParams, parseCriteriaFilters, WEIGHT_MAX } from "../../disclosures/criteria";
import { chapterLabel, CriteriaChapters, CriteriaFilterBar, CriteriaLabelWords, CriteriaRow } from "~/components/criteria-editor";
import { DeletePanel, FormMessage, RenamePanel } from "~/components/form";
import {
  countCriteria,
  CRITERIA_HOSPITAL_ONLY,
  CRITERIA_LIMITS,
  criteriaEditorView,
  criteriaTemplate,
  CriteriaRuleError,
  deleteCriteriaProfile,
  getCriteriaProfile,
  renameCriteriaProfile,
  setChapterCriteria,
  updateCriteriaItems,
} from "~/models/criteria.server";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { invariantResponse } from "~/utils/responses.server";
import { readForm } from "~/utils/request-body.server";

// Up to 504 rows of plain form controls: the page needs no JavaScript, so it ships none (and no
// copy of the rows as hydration data).
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.name ?? "評価基準"} | Kaiji` }];

const NOT_FOUND = "評価基準が見つかりません";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", CRITERIA_HOSPITAL_ONLY);
  const profile = await getCriteriaProfile(db, organization.id, params.profileId!);
  invariantResponse(profile, NOT_FOUND);
  const template = await criteriaTemplate(db, profile.templateId);
  invariantResponse(template, "この評価基準の様式が見つかりません");
  const url = new URL(request.url);
  const filters = parseCriteriaFilters(url.searchParams);
  const view = criteriaEditorView(template, profile.items, filters);
  const applied = view.chapters.find((c) => c.key === url.searchParams.get("applied"));
  return json({
    organization: { id: organization.id, name: organization.name },
    canEdit: role !== "viewer",
    profile: { id: profile.id, name: profile.name },
    template: { id: template.id, version: template.version, title: template.title },
    counts: countCriteria(template, profile.items),
    ...view,
    filters,
    saved: url.searchParams.get("saved") === "1",
    applied: applied ? `「${chapterLabel(applied)}」の${applied.items}項目に設定しました` : undefined,
    nameMax: CRITERIA_LIMITS.nameMax,
  });
}

type Reply = { intent: string; error?: string; success?: string; itemKey?: string; values?: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  invariantResponse(organization.kind === "hospital", CRITERIA_HOSPITAL_ONLY);
  invariantResponse(role !== "viewer", "この操作を行う権限がありません", 403);
  const form = await readForm(request);
  const actor = actorOf(user);
  const meta = requestMeta(context);
  // Back to the same filtered view after a save (the forms post to the page's own URL).
  const view = criteriaFilterParams(parseCriteriaFilters(new URL(request.url).searchParams));
  const here = `/orgs/${organization.id}/criteria/${params.profileId}`;
  const back = (done: string) => `${here}?${[view.toString(), done].filter(Boolean).join("&")}`;
  const intent = String(form.get("intent") ?? "");
  const fields = [...form].filter((entry): entry is [string, string] => typeof entry[1] === "string");
  const reply = (data: Omit<Reply, "intent">, status = 200) => json<Reply>({ intent, ...data }, { status });
  try {
    switch (intent) {
      case "items":
        if (!(await updateCriteriaItems(db, actor, organization.id, params.profileId!, fields, meta))) return reply({ error: NOT_FOUND }, 404);
        return redirect(back("saved=1"));
      case "setChapter": {
        const chapter = String(form.get("chapter") ?? "");
        const done = await setChapterCriteria(db, actor, organization.id, params.profileId!, { chapter, mode: String(form.get("mode") ?? ""), weight: String(form.get("weight") ?? "") }, meta);
        if (done === false) return reply({ error: NOT_FOUND }, 404);
        return redirect(back(`applied=${encodeURIComponent(chapter)}`));
      }
      case "rename":
        if (!(await renameCriteriaProfile(db, actor, organization.id, params.profileId!, String(form.get("name") ?? ""), meta))) return reply({ error: NOT_FOUND }, 404);
        return reply({ success: "名前を変更しました" });
      case "delete":
        if (form.get("confirm") !== "yes") return reply({ error: "削除するには確認欄にチェックを入れてください" }, 400);
        if (!(await deleteCriteriaProfile(db, actor, organization.id, params.profileId!, meta))) return reply({ error: NOT_FOUND }, 404);
        return redirect(`/orgs/${organization.id}/criteria`);
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    // The user's choices come back with the message, so nothing selected is lost.
    if (error instanceof CriteriaRuleError) return reply({ error: error.message, itemKey: error.itemKey, values: Object.fromEntries(fields) }, 400);
    throw error;
  }
}

const headings = ["h2", "h3", "h4"] as const;

export default function CriteriaProfileEditor() {
  const { organization, canEdit, profile, template, counts, sections, chapters, shown, total, filtered, filters, saved, applied, nameMax } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const values = result?.intent === "items" ? result.values : undefined;
  const base = `/orgs/${organization.id}/criteria/${profile.id}`;
  const withChapter = (chapter: string) => `${base}?${criteriaFilterParams({ ...filters, chapter })}`;
  const mustByChapter = new Map(chapters.map((c) => [c.key, c]));
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › <Link to={`/orgs/${organization.id}/criteria`}>評価基準</Link> › {profile.name}
      </nav>
      <h1>{profile.name}</h1>
      <FormMessage error={result?.error} success={result?.success ?? applied ?? (saved ? "評価基準を保存しました" : undefined)} />
      <dl className="facts">
        <div>
          <dt>様式</dt>
          <dd>
            {template.title}（{template.version}）
          </dd>
        </div>
        <div>
          <dt>必達</dt>
          <dd>
            {counts.must}件（必須 {counts.mustRequired}件＋追加 {counts.mustAdded}件）
          </dd>
        </div>
        <div>
          <dt>対象外</dt>
          <dd>{counts.ignored}件</dd>
        </div>
        <div>
          <dt>重みを変えた項目</dt>
          <dd>
            {counts.weighted}件（全{total}項目）
          </dd>
        </div>
      </dl>
      <p className="muted">
        「標準」の必須項目は必達として扱います。「対象外とする」項目は比較と採点から外します。重み（0〜{WEIGHT_MAX}、既定 1）は評価の回答がある項目の採点に使います。
      </p>

      <CriteriaChapters chapters={chapters} canEdit={canEdit} linkTo={withChapter} />

      <h2 id="criteria-items">項目ごとの設定</h2>
      <CriteriaFilterBar filters={filters} chapters={chapters} base={base} shown={shown} total={total} filtered={filtered} />
      <CriteriaLabelWords />
      {/* Only the rows shown are posted; the action changes only the items posted, so hidden rows keep their settings. */}
      <Form method="post" aria-labelledby="criteria-items">
        <input type="hidden" name="intent" value="items" />
        {shown === 0 ? <p className="empty">条件に該当する項目はありません。</p> : null}
        {sections.map((section) => {
          const Heading = headings[Math.min(section.depth + 1, headings.length - 1)];
          const chapter = section.depth === 0 ? mustByChapter.get(section.key) : undefined;
          return (
            <section key={section.key} id={`section-${section.key}`}>
              <Heading>
                {section.number ? `${section.number} ` : ""}
                {section.title}
                {chapter ? <small className="criteria-chapter-counts">必達 {chapter.must}件・対象外 {chapter.ignored}件</small> : null}
              </Heading>
              {section.rows.length ? (
                <table className="data-table criteria-items">
                  <thead>
                    <tr>
                      <th scope="col">番号</th>
                      <th scope="col">項目</th>
                      <th scope="col">レベル</th>
                      <th scope="col">扱い</th>
                      <th scope="col">重み</th>
                    </tr>
                  </thead>
                  <tbody>
                    {section.rows.map((row) => (
                      <CriteriaRow key={row.key} row={row} canEdit={canEdit} values={values} error={result?.itemKey === row.key ? result.error : undefined} />
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          );
        })}
        {canEdit && shown > 0 ? (
          <div className="criteria-savebar">
            <p>
              {filtered ? `表示中の${shown}項目を保存します。表示していない${total - shown}項目の設定は変わりません。` : `全${total}項目を保存します。`}
            </p>
            <button type="submit">評価基準を保存する</button>
          </div>
        ) : null}
      </Form>

      {canEdit ? (
        <>
          <RenamePanel id="criteria-name" name={profile.name} maxLength={nameMax} value={result?.intent === "rename" && result.error ? result.values?.name : undefined} />
          <DeletePanel title="評価基準を削除" name={profile.name} what="評価基準" />
        </>
      ) : null}
    </>
  );
}
