// The fields of a document version (作成日, 有効期限, メモ, the file), shared by the first upload and new versions.
import type { FieldErrors } from "~/utils/forms";

export function VersionFields({ errors, values, noteMax, maxMb }: { errors: FieldErrors; values: Record<string, string>; noteMax: number; maxMb: number }) {
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `document-${name}-error` } : {});
  const error = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`document-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  return (
    <>
      <div className="field">
        <label htmlFor="document-file">ファイル（PDF、Excel ブック .xlsx、Word 文書 .docx。{maxMb} MB まで）</label>
        <input id="document-file" name="file" type="file" required accept=".pdf,.xlsx,.docx,application/pdf" />
      </div>
      <div className="field">
        <label htmlFor="document-createdOn">作成日</label>
        <input id="document-createdOn" name="createdOn" type="date" required defaultValue={values.createdOn} {...invalid("createdOn")} />
        {error("createdOn")}
      </div>
      <div className="field">
        <label htmlFor="document-expiresOn">有効期限（任意）</label>
        <input id="document-expiresOn" name="expiresOn" type="date" defaultValue={values.expiresOn} {...invalid("expiresOn")} />
        {error("expiresOn")}
      </div>
      <div className="field">
        <label htmlFor="document-note">メモ（任意、{noteMax}文字まで）</label>
        <textarea id="document-note" name="note" rows={3} maxLength={noteMax} defaultValue={values.note} {...invalid("note")} />
        {error("note")}
      </div>
    </>
  );
}
