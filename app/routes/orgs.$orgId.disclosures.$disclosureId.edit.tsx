import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useBlocker, useLoaderData, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { answerSchema } from "../../disclosures/answers";
import { clock } from "../../disclosures/clock";
import { computeDerived, type DerivedResult } from "../../disclosures/derived";
import { progressOf, type Counts } from "../../disclosures/progress";
import { resolveNote, walkItems, walkSections } from "../../disclosures/template-loader";
import type { Template } from "../../disclosures/template-schema";
import { DerivedResults } from "~/components/derived-results";
import { BulkAnswer } from "~/components/editor/bulk-answer";
import { AnswerOnce, type PrefillReply } from "~/components/editor/answer-once";
import { toFormItem, toResponse, type FormItem } from "~/components/editor/form-values";
import { ItemEditor, type EditorForm } from "~/components/editor/item-editor";
import { pendingPrefill, prefillFromProfile } from "~/models/answer-copy.server";
import { getDisclosure, getDraft } from "~/models/disclosure.server";
import { getTemplate } from "~/models/template.server";
import answerOnceStyles from "~/styles/answer-copy.css";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: answerOnceStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `編集: ${data?.templateTitle ?? "開示書"} | Kaiji` }];

// The editor shows one section at a time (a section that holds items), so even the 500-item
// HISPRO form renders about twenty items per page; the draft for the rest stays on the server.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const draft = await getDraft(db, disclosure);
  const url = new URL(request.url);
  const entries = [...walkItems(template)];
  const pages = [...walkSections(template.sections)].filter((s) => s.section.items?.length);
  const wantedItem = entries.find((e) => e.item.key === url.searchParams.get("item"));
  const wanted = url.searchParams.get("section") ?? wantedItem?.sections.at(-1)?.key;
  // A parent section (e.g. a 大分類) opens its first page.
  const page =
    pages.find((p) => p.section.key === wanted) ??
    pages.find((p) => entries.some((e) => e.sections.at(-1)?.key === p.section.key && e.sections.some((s) => s.key === wanted))) ??
    pages[0];
  const onPage = entries.filter((e) => e.sections.at(-1)?.key === page.section.key);
  const progress = progressOf(template, draft.content);
  const values = Object.fromEntries(Object.entries(draft.content.responses).map(([k, r]) => [k, r.value]));
  const pageIndex = pages.indexOf(page);
  return json({
    base: `/orgs/${organization.id}/disclosures/${disclosure.id}`,
    templateTitle: template.title,
    scales: template.scales ?? [],
    derivedDefs: template.derived ?? [],
    nav: progress.sections.map((s) => ({ ...s, hasItems: pages.some((p) => p.section.key === s.key) })),
    page: { key: page.section.key, title: page.section.title, notes: page.section.notes ?? [], trail: onPage[0]?.sections.map((s) => s.title) ?? [page.section.title] },
    previous: pages[pageIndex - 1]?.section.key ?? null,
    next: pages[pageIndex + 1]?.section.key ?? null,
    items: onPage.map((e) => ({
      item: e.item,
      notes: (e.item.noteRefs ?? []).flatMap((id) => resolveNote(template, e, id) ?? []),
      response: draft.content.responses[e.item.key],
      revision: draft.revisions[e.item.key] ?? 0,
    })),
    progress: progress.overall,
    derived: Object.values(computeDerived(template, values)),
    focus: wantedItem?.item.key ?? null,
    // Empty items the organisation's profile answers (「組織情報から入力」).
    prefill: await pendingPrefill(db, organization.id, template, draft.content),
  });
}

// 「組織情報から入力」: fills the empty items the organisation's facts answer (never one holding anything).
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const disclosure = await getDisclosure(db, organization.id, params.disclosureId!);
  if (!disclosure) throw new Response("開示書が見つかりません", { status: 404 });
  if ((await readForm(request)).get("intent") !== "prefill") return json<PrefillReply>({ error: "不明な操作です" }, { status: 400 });
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const filled = await prefillFromProfile(db, actorOf(user), disclosure, template, requestMeta(context), "requested");
  return json<PrefillReply>({ prefilled: filled.map((f) => f.number ?? f.text), done: clock.now() });
}

class SignedOut extends Error {}

type Conflict = { key: string; mine: unknown; theirs: unknown; theirRevision: number; updatedBy: string; updatedAt: number; mineText: string; theirsText: string };
type SaveState = "saved" | "dirty" | "saving" | "error" | "signedOut" | "conflict";
const saveLabels: Record<SaveState, string> = {
  saved: "保存済み",
  dirty: "未保存の変更があります",
  saving: "保存中…",
  error: "保存できませんでした。通信を確認して「今すぐ保存」を押してください（入力内容はこの画面に残っています）",
  signedOut: "セッションが終了しました。別のタブでサインインしてから「今すぐ保存」を押してください（入力内容はこの画面に残っています）",
  conflict: "他の人の変更と競合しています",
};

/**
 * The form of one section, mounted afresh for every navigation: its fields, revisions and pending changes
 * always belong to the section on screen (a form kept across sections showed one section's answers in the next).
 */
export default function Editor() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  // After 「組織情報から入力」 the form is mounted afresh too, on the draft the action wrote.
  const reply = useActionData<typeof action>() as PrefillReply | undefined;
  return <SectionEditor key={`${data.page.key}:${location.key}:${reply?.done ?? ""}`} data={data} reply={reply} />;
}

function SectionEditor({ data, reply }: { data: ReturnType<typeof useLoaderData<typeof loader>>; reply?: PrefillReply }) {
  const { items, scales } = data;
  const form = useForm<EditorForm>({ defaultValues: { items: items.map((e) => toFormItem(e.item, e.response)) } });
  const revisions = useRef<Record<string, number>>(Object.fromEntries(items.map((e) => [e.item.key, e.revision])));
  const dirty = useRef(new Set<number>());
  /** The save under way, if any: navigation waits for it. */
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [state, setState] = useState<SaveState>("saved");
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [progress, setProgress] = useState<Counts>(data.progress);
  const [derived, setDerived] = useState<DerivedResult[]>(data.derived);
  const [problems, setProblems] = useState<Record<number, string>>({});

  /** Saves `changes`; true when the server took them (conflicts included). On failure they stay pending. */
  const send = useCallback(
    async (changes: { key: string; baseRevision: number; response: unknown }[], indexes: number[]): Promise<boolean> => {
      setState("saving");
      try {
        // A session that ended answers with a redirect to sign in: not followed, so it can be told apart.
        const response = await fetch(`${data.base}/draft`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ changes }) });
        if (response.type === "opaqueredirect" || response.status === 401) throw new SignedOut();
        if (!response.ok) throw new Error(String(response.status));
        const result = (await response.json()) as { saved: { key: string; revision: number }[]; conflicts: Conflict[]; progress: Counts; derived: DerivedResult[] };
        for (const s of result.saved) revisions.current[s.key] = s.revision;
        setConflicts((old) => [...old.filter((c) => !changes.some((ch) => ch.key === c.key)), ...result.conflicts]);
        setProgress(result.progress);
        setDerived(result.derived);
        setState(result.conflicts.length ? "conflict" : dirty.current.size ? "dirty" : "saved");
        return true;
      } catch (error) {
        for (const i of indexes) dirty.current.add(i);
        setState(error instanceof SignedOut ? "signedOut" : "error");
        return false;
      }
    },
    [data.base],
  );

  /** Sends the pending changes now; resolves when every save under way has answered (false if one failed). */
  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    const previous = inFlight.current ?? Promise.resolve(true);
    if (!dirty.current.size) return previous;
    const values = form.getValues("items");
    const indexes = [...dirty.current];
    dirty.current.clear();
    const changes = indexes.map((i) => ({ key: items[i].item.key, baseRevision: revisions.current[items[i].item.key] ?? 0, response: toResponse(items[i].item, values[i]) }));
    // One save at a time, in order: a later one is based on the revisions the earlier one returned.
    const saving = previous.then(() => send(changes.map((c) => ({ ...c, baseRevision: revisions.current[c.key] ?? 0 })), indexes));
    inFlight.current = saving;
    void saving.finally(() => {
      if (inFlight.current === saving) inFlight.current = null;
    });
    return saving;
  }, [form, items, send]);

  // Leaving the section (a link, the pager, back/forward) waits until pending changes are saved; if they
  // cannot be, the editor stays and says why.
  const blocker = useBlocker(() => dirty.current.size > 0 || inFlight.current !== null);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    void flush().then((ok) => (ok && !dirty.current.size ? blocker.proceed() : blocker.reset()));
  }, [blocker, flush]);

  useEffect(() => {
    const subscription = form.watch((values, { name }) => {
      const index = Number(name?.split(".")[1]);
      if (!Number.isInteger(index)) return;
      dirty.current.add(index);
      setState("dirty");
      // Inline check with the same zod schema the server uses at publish time.
      const entry = items[index];
      const schema = answerSchema(entry.item.answer, { scales } as unknown as Template);
      const value = toResponse(entry.item, (values.items as FormItem[])[index]).value;
      const checked = schema && value !== undefined ? schema.safeParse(value) : null;
      setProblems((p) => ({ ...p, [index]: checked && !checked.success ? checked.error.issues[0].message : "" }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 800);
    });
    return () => subscription.unsubscribe();
  }, [form, flush, items, scales]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current.size || state === "saving") event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [state]);

  useEffect(() => {
    if (data.focus) document.getElementById(`item-${data.focus}`)?.scrollIntoView();
  }, [data.focus]);

  const resolve = (conflict: Conflict, keep: "mine" | "theirs") => {
    const index = items.findIndex((e) => e.item.key === conflict.key);
    revisions.current[conflict.key] = conflict.theirRevision;
    setConflicts((old) => old.filter((c) => c.key !== conflict.key));
    if (keep === "theirs") {
      form.setValue(`items.${index}`, toFormItem(items[index].item, (conflict.theirs ?? undefined) as never), { shouldDirty: false });
      dirty.current.delete(index);
      setState(dirty.current.size ? "dirty" : "saved");
    } else void send([{ key: conflict.key, baseRevision: conflict.theirRevision, response: conflict.mine }], []);
  };

  const derivedFor = (resultKey: string) => {
    const r = derived.find((d) => d.key === resultKey);
    return r ? (r.rule === "allMet" ? r.label : r.groups.map((g) => `${g.label} ${g.met}/${g.total}`).join(" ")) : undefined;
  };

  return (
    <div className="editor">
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to={data.base}>{data.templateTitle}</Link> › 編集
      </nav>
      <AnswerOnce base={data.base} section={data.page.key} prefill={data.prefill} reply={reply} />
      <div className="editor-status" role="status" aria-live="polite">
        <span className={`save-${state}`}>{saveLabels[state]}</span>
        {state === "signedOut" ? (
          <a href={`/login?redirectTo=${encodeURIComponent(`${data.base}/edit`)}`} target="_blank" rel="noopener">
            サインイン（新しいタブ）
          </a>
        ) : null}
        <span>
          必須 {progress.requiredAnswered}/{progress.required}・回答 {progress.answered}/{progress.total}
        </span>
        <button type="button" onClick={() => void flush()} disabled={state === "saving" || !dirty.current.size}>
          今すぐ保存
        </button>
      </div>
      <div className="template-layout">
        <nav className="toc" aria-label="セクション">
          <ul>
            {data.nav.map((s) => (
              <li key={s.key} className={`toc-depth-${Math.min(s.depth, 3)}`}>
                {s.hasItems ? (
                  <Link to={`?section=${encodeURIComponent(s.key)}`} aria-current={s.key === data.page.key ? "page" : undefined}>
                    {s.title}
                  </Link>
                ) : (
                  <span>{s.title}</span>
                )}{" "}
                <small>
                  {s.counts.requiredAnswered}/{s.counts.required}
                </small>
              </li>
            ))}
          </ul>
        </nav>
        <form className="sections" onSubmit={(e) => (e.preventDefault(), void flush())} noValidate>
          <h1>{data.page.trail.join(" › ")}</h1>
          {conflicts.length ? (
            <section className="conflicts" aria-label="競合">
              <h2>他の人が同じ項目を変更しました</h2>
              {conflicts.map((c) => (
                <div key={c.key} className="conflict">
                  <p>
                    項目 {items.find((e) => e.item.key === c.key)?.item.number ?? c.key}: {c.updatedBy}さんの変更と競合しています
                  </p>
                  <dl>
                    <dt>相手の値</dt>
                    <dd>{c.theirsText}</dd>
                    <dt>あなたの値</dt>
                    <dd>{c.mineText}</dd>
                  </dl>
                  <button type="button" className="button-secondary" onClick={() => resolve(c, "theirs")}>
                    相手の値を使う
                  </button>{" "}
                  <button type="button" onClick={() => resolve(c, "mine")}>
                    自分の値で上書き
                  </button>
                </div>
              ))}
            </section>
          ) : null}
          <DerivedResults results={derived} />
          <BulkAnswer items={items} scales={scales} form={form} />
          {items.map((e, i) => (
            <ItemEditor
              key={e.item.key}
              item={e.item}
              index={i}
              scales={scales}
              notes={e.notes}
              register={form.register}
              control={form.control}
              derivedText={e.item.answer.kind === "derived" ? derivedFor(e.item.answer.result) : undefined}
              problem={problems[i] || undefined}
            />
          ))}
          {data.page.notes.map((n) => (
            <p key={n.id} className="note-list">
              <strong>{n.id}</strong> {n.text}
            </p>
          ))}
          <nav className="pager" aria-label="前後のセクション">
            {data.previous ? <Link to={`?section=${encodeURIComponent(data.previous)}`}>← 前のセクション</Link> : <span />}
            {data.next ? <Link to={`?section=${encodeURIComponent(data.next)}`}>次のセクション →</Link> : <Link to={data.base}>公開の準備へ →</Link>}
          </nav>
        </form>
      </div>
    </div>
  );
}
