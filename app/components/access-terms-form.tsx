// The vendor owner's terms for access requests (閲覧の条件): every 申請制 disclosure of the organisation asks
// hospitals to accept them before a request (app/models/access-terms.server.ts).
import { Form } from "@remix-run/react";
import { TERMS_MAX_LENGTH } from "~/models/access-terms";
import { formatDateTime } from "~/utils/format";

export function AccessTermsForm({ terms }: { terms: { version: number; text: string; created_at: number } | null }) {
  return (
    <section className="panel narrow" aria-labelledby="terms-heading">
      <h2 id="terms-heading">閲覧の条件（申請時の同意）</h2>
      <p>{`秘密保持などの条件を書くと、医療機関は申請の前にこの条件を読み、同意する必要があります（この組織のすべての申請制の開示書と資料に共通）。同意した利用者・医療機関・日時・版は申請とともに記録されます。保存するたびに新しい版になり、空にするか「条件をなしにする」と同意は不要になります。${terms ? `現在: 第${terms.version}版（${formatDateTime(terms.created_at)}）${terms.text ? "" : "、条件なし"}` : "現在: 条件なし"}`}</p>
      <Form method="post" key={terms?.version ?? 0}>
        <label className="block-label" htmlFor="terms">
          {`条件の本文（テキストのみ、${TERMS_MAX_LENGTH.toLocaleString("ja-JP")}文字以内）`}
        </label>
        <textarea id="terms" name="terms" rows={8} cols={80} maxLength={TERMS_MAX_LENGTH} defaultValue={terms?.text ?? ""} />
        <p className="actions">
          <button type="submit" name="intent" value="terms">
            条件を保存
          </button>
          {terms?.text ? (
            <button type="submit" name="intent" value="terms-off" className="button-secondary">
              条件をなしにする
            </button>
          ) : null}
        </p>
      </Form>
    </section>
  );
}
