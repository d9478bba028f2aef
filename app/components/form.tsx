import type { ReactNode } from "react";
import { Form } from "@remix-run/react";

export function Field({
  label,
  name,
  type = "text",
  error,
  hint,
  defaultValue,
  autoComplete,
  required,
  maxLength,
  inputMode,
}: {
  label: string;
  name: string;
  type?: string;
  error?: string;
  hint?: ReactNode;
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  inputMode?: "numeric" | "email" | "text";
}) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        maxLength={maxLength}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessage({ error, success }: { error?: string; success?: string }) {
  if (error)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (success)
    return (
      <p className="form-success" role="status">
        {success}
      </p>
    );
  return null;
}

/** A new password and its confirmation, with the rule that applies to this account. */
export function NewPasswordFields({ label, errors, twoFactorEnabled }: { label: string; errors: Record<string, string | undefined>; twoFactorEnabled: boolean }) {
  return (
    <>
      <Field
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        error={errors.password}
        required
        maxLength={256}
        hint={
          twoFactorEnabled
            ? "8文字以上で、英字・数字・記号をすべて含めてください（二要素認証が有効なため）"
            : "13文字以上で、英字・数字・記号をすべて含めてください（二要素認証を有効にすると8文字以上にできます）"
        }
      />
      <Field label={`${label}（確認）`} name="confirm" type="password" autoComplete="new-password" error={errors.confirm} required maxLength={256} />
    </>
  );
}

/** Renaming a named thing (shortlist, criteria profile): one field, posted with intent "rename". */
export function RenamePanel({ id, name, maxLength, value, formKey }: { id: string; name: string; maxLength: number; value: string | undefined; formKey?: string }) {
  return (
    <section className="panel narrow">
      <h2>名前を変更</h2>
      <Form method="post" key={formKey}>
        <input type="hidden" name="intent" value="rename" />
        <div className="field">
          <label htmlFor={id}>名前</label>
          <input id={id} name="name" required maxLength={maxLength} defaultValue={value ?? name} />
        </div>
        <button type="submit">変更する</button>
      </Form>
    </section>
  );
}

/** Deleting with a confirmation checkbox (`confirm=yes`), posted with intent "delete". */
export function DeletePanel({ title, name, what, explanation, action, hidden = {} }: { title: string; name: string; what: string; explanation?: string; action?: string; hidden?: Record<string, string> }) {
  return (
    <section className="panel narrow">
      <h2>{title}</h2>
      {explanation ? <p>{explanation}</p> : null}
      <Form method="post" action={action}>
        <input type="hidden" name="intent" value="delete" />
        {Object.entries(hidden).map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
        <p>
          <label>
            <input type="checkbox" name="confirm" value="yes" required /> {`「${name}」を削除することを確認しました`}
          </label>
        </p>
        <button type="submit" className="button-danger">{`この${what}を削除する`}</button>
      </Form>
    </section>
  );
}
