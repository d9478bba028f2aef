// /admin/templates: the upload form, the administrator's imports in progress, and every stored template version.
import { Form, Link, useNavigation } from "@remix-run/react";
import type { ChangeEvent } from "react";
import type { ImportListEntry, RegistryEntry } from "~/models/template-import.server";
import { formatDateTime } from "~/utils/format";

const mb = (bytes: number) => `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toLocaleString("ja-JP")} MB`;
const kb = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1024)).toLocaleString("ja-JP")} KB`;

export function UploadForm({ bases, maxBytes, error }: { bases: { id: string; title: string; version: string }[]; maxBytes: number; error?: string }) {
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formMethod === "POST" && navigation.formAction === "/admin/templates";
  // The same limit as the server, said before a large file is sent at all (the server checks again).
  const checkSize = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.setCustomValidity(file && file.size > maxBytes ? `ファイルが大きすぎます（${mb(file.size)}、上限 ${mb(maxBytes)}）` : "");
    event.currentTarget.reportValidity();
  };
  return (
    <section className="panel" aria-labelledby="upload-heading">
      <h2 id="upload-heading">ファイルから取り込む</h2>
      <Form method="post" encType="multipart/form-data" className="narrow">
        <input type="hidden" name="intent" value="upload" />
        <div className="field">
          <label htmlFor="upload-file">Excel ブック（.xlsx）または CSV</label>
          <input
            id="upload-file"
            name="file"
            type="file"
            required
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-describedby={`upload-file-hint${error ? " upload-error" : ""}`}
            aria-invalid={error ? true : undefined}
            onChange={checkSize}
          />
          <p className="field-hint" id="upload-file-hint">
            {`${mb(maxBytes)} まで、1シート 5,000 行まで。パスワード付きのブックと .xls（Excel 97-2003 形式）は読み込めません。数式は保存されている値だけを読みます。`}
          </p>
        </div>
        <div className="field">
          <label htmlFor="upload-based-on">前の版のマッピングから始める（任意）</label>
          <select id="upload-based-on" name="basedOn" defaultValue="" aria-describedby="upload-based-on-hint">
            <option value="">使わない（ファイルから推測して始める）</option>
            {bases.map((b) => (
              <option key={b.id} value={b.id}>{`${b.title}（${b.id}、最新の取込版 ${b.version}）`}</option>
            ))}
          </select>
          <p className="field-hint" id="upload-based-on-hint">
            新しい年度版・新しい Ver. を取り込むときに選びます。前の版を読んだマッピング（列の対応・尺度・記入欄など）から始まり、版の番号は1つ上げてあります。
          </p>
        </div>
        {error ? (
          <p className="form-error" role="alert" id="upload-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={uploading}>
          {uploading ? "読み込み中…" : "アップロードして対応付けへ"}
        </button>
      </Form>
    </section>
  );
}

export function ImportList({ imports }: { imports: ImportListEntry[] }) {
  return (
    <section aria-labelledby="imports-heading">
      <h2 id="imports-heading">取込中（未公開）</h2>
      {imports.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">ファイル</th>
              <th scope="col">様式ID・版</th>
              <th scope="col">アップロード</th>
              <th scope="col">最終更新</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/admin/templates/imports/${i.id}`}>{i.fileName}</Link> <small className="muted">{kb(i.fileSize)}</small>
                  {i.basedOn ? <small className="muted block-label">{`前の版 ${i.basedOn} のマッピングから`}</small> : null}
                </td>
                <td>{i.target ?? <span className="muted">未設定</span>}</td>
                <td>{formatDateTime(i.uploadedAt)}</td>
                <td>{formatDateTime(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">取込中のファイルはありません。</p>
      )}
    </section>
  );
}

export function TemplateRegistryTable({ registry }: { registry: RegistryEntry[] }) {
  return (
    <section aria-labelledby="registry-heading">
      <h2 id="registry-heading">登録済みの様式</h2>
      <p className="muted">登録済みの版は変更・削除できません。内容を変えるときは、版の番号を上げて新しい版として取り込みます。</p>
      <table className="data-table registry-table">
        <thead>
          <tr>
            <th scope="col">様式</th>
            <th scope="col">版</th>
            <th scope="col">由来</th>
            <th scope="col">内容のハッシュ（SHA-256）</th>
            <th scope="col">登録日時</th>
          </tr>
        </thead>
        <tbody>
          {registry.flatMap((t) =>
            t.versions.map((v, i) => (
              <tr key={`${t.id}@${v.version}`}>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={t.versions.length} className="registry-template">
                    {t.title}
                    <small className="muted block-label">{t.id}</small>
                  </th>
                ) : null}
                <td>
                  <Link to={`/templates/${t.id}/${v.version}`} aria-label={`${t.title} 版 ${v.version}`}>
                    {v.version}
                  </Link>
                </td>
                <td className="nowrap">
                  {v.origin === "import" ? "取込" : "組み込み"}
                  {v.origin === "import" && v.hasMapping ? <small className="muted block-label">マッピング保存済み</small> : null}
                </td>
                <td>
                  <code className="hash registry-hash">{v.contentHash}</code>
                </td>
                <td className="nowrap">{formatDateTime(v.createdAt)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
