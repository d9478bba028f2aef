// Answering once, from the editor: a link to copy answers from another disclosure, and 「組織情報から入力」 for
// the empty items the organisation's profile answers (a plain form post: it works without JavaScript too).
import { Form, Link } from "@remix-run/react";

export type PrefillReply = { error?: string; prefilled?: string[]; done?: number };
type Pending = { key: string; number: string | null; text: string; fact: string };

export function AnswerOnce({ base, section, prefill, reply }: { base: string; section: string; prefill: Pending[]; reply?: PrefillReply }) {
  const names = prefill.map((p) => (p.number ? `項目 ${p.number}` : p.text)).join("・");
  return (
    <>
      <div className="actions answer-once">
        <Link to={`${base}/copy`}>他の開示書から回答をコピー</Link>
        {prefill.length ? (
          <Form method="post" action={`${base}/edit?section=${encodeURIComponent(section)}`} className="inline-form">
            <input type="hidden" name="intent" value="prefill" />
            <button type="submit" className="button-secondary" title={`空欄の${prefill.length}項目に、組織プロフィールの${[...new Set(prefill.map((p) => p.fact))].join("・")}を入力します`}>
              {`組織情報から入力（${names}）`}
            </button>
          </Form>
        ) : null}
      </div>
      {reply?.error ? (
        <p className="form-error" role="alert">
          {reply.error}
        </p>
      ) : reply?.prefilled ? (
        <p className="form-success" role="status">
          {reply.prefilled.length ? `組織情報から${reply.prefilled.length}項目（${reply.prefilled.join("・")}）を入力しました` : "組織情報から入力できる空欄の項目はありませんでした"}
        </p>
      ) : null}
    </>
  );
}
