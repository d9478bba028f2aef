import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage } from "~/components/form";
import { createOrganization, listMyOrganizations } from "~/models/organization.server";
import { kindLabels, roleLabels } from "~/models/organization";
import { db } from "~/utils/db.server";
import { nameField, parseForm, readingField } from "~/utils/forms";
import { actorOf, requestMeta, requireUser } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "組織 | Kaiji" }];

const schema = z.object({
  name: nameField("組織名", 200),
  reading: readingField,
  kind: z.enum(["vendor", "hospital"], { errorMap: () => ({ message: "種別を選んでください" }) }),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(request, context);
  return json({ organizations: await listMyOrganizations(db, user.id) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(request, context);
  const form = parseForm(await readForm(request), schema);
  if (!form.ok) return json({ errors: form.errors }, { status: 400 });
  const id = await createOrganization(db, actorOf(user), form.data, requestMeta(context));
  return redirect(`/orgs/${id}`);
}

export default function Organizations() {
  const { organizations } = useLoaderData<typeof loader>();
  const errors: Record<string, string | undefined> = useActionData<typeof action>()?.errors ?? {};
  return (
    <>
      <h1>組織</h1>
      {organizations.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">組織名</th>
              <th scope="col">種別</th>
              <th scope="col">あなたの役割</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/orgs/${o.id}`}>{o.name}</Link> {o.verified_at ? <span className="badge badge-verified">確認済</span> : null}
                </td>
                <td>{kindLabels[o.kind]}</td>
                <td>{roleLabels[o.role]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>まだ組織に所属していません。組織を作成するか、組織のオーナーから招待リンクを受け取ってください。</p>
      )}
      <section className="panel narrow">
        <h2>組織を作成</h2>
        <Form method="post">
          <FormMessage error={errors[""]} />
          <Field label="組織名" name="name" error={errors.name} required maxLength={200} />
          <Field label="フリガナ" name="reading" error={errors.reading} maxLength={200} hint="例: カブシキガイシャカイジ。一覧を五十音順に並べるのに使います（株式会社などの法人格は並べ替えでは無視します）。" />
          <fieldset>
            <legend>種別</legend>
            <div className="radio-row">
              <label>
                <input type="radio" name="kind" value="vendor" defaultChecked /> 事業者（ベンダー・サービス提供者）
              </label>
              <label>
                <input type="radio" name="kind" value="hospital" /> 医療機関
              </label>
            </div>
            {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
          </fieldset>
          <button type="submit">作成する</button>
        </Form>
      </section>
    </>
  );
}
