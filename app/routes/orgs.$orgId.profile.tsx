import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormMessage } from "~/components/form";
import { clock, todayInJapan } from "../../disclosures/clock";
import {
  addCertification,
  addStorageLocation,
  getVendorProfile,
  removeCertification,
  removeStorageLocation,
  setAddress,
  setForeignLaw,
  VendorProfileRuleError,
} from "~/models/vendor-profile.server";
import {
  ADDRESS_MAX,
  addressSchema,
  certificationKindLabels,
  certificationKinds,
  certificationLabel,
  certificationSchema,
  countryLabel,
  foreignLawLabels,
  foreignLawQuestion,
  foreignLawSchema,
  foreignLawValues,
  knownCountries,
  storageLocationSchema,
} from "~/models/vendor-profile";
import { db } from "~/utils/db.server";
import { intentReplies, type IntentReply } from "~/utils/intent-reply.server";
import { type FieldErrors, parseForm, readingField } from "~/utils/forms";
import { setReading } from "~/models/organization.server";
import { READING_MAX } from "../../disclosures/name-order";
import { actorOf, requestMeta, requireOrgRole } from "~/utils/permissions.server";
import { readForm } from "~/utils/request-body.server";

export const meta: MetaFunction = () => [{ title: "組織プロフィール | Kaiji" }];

const rowId = (message: string) => z.object({ id: z.coerce.number({ invalid_type_error: message }).int(message).positive(message) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organization, role } = await requireOrgRole(request, context, params.orgId!, "viewer");
  // 「期限切れ」 is decided here, on Japan's date, so the server and the browser agree.
  return json({
    organization: { id: organization.id, name: organization.name, reading: organization.reading },
    canEdit: role !== "viewer",
    ...(await getVendorProfile(db, organization.id, todayInJapan())),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Every change here is for editors and owners: viewers never reach the intent, nor is their body read.
  const { organization, user } = await requireOrgRole(request, context, params.orgId!, "editor");
  const form = await readForm(request);
  const actor = actorOf(user);
  const meta = requestMeta(context);
  const { intent, reply, invalid } = intentReplies(form);
  const done = (success: string) => reply({ success, done: clock.now() });
  try {
    switch (intent) {
      case "addCertification": {
        const parsed = parseForm(form, certificationSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await addCertification(db, actor, organization.id, parsed.data, meta);
        return done(`認証「${certificationLabel(parsed.data)}」を追加しました`);
      }
      case "removeCertification": {
        const parsed = parseForm(form, rowId("認証を指定してください"));
        if (!parsed.ok) return invalid(parsed.errors);
        return (await removeCertification(db, actor, organization.id, parsed.data.id, meta)) ? done("認証を削除しました") : reply({ error: "認証が見つかりません" }, 404);
      }
      case "addStorageLocation": {
        const parsed = parseForm(form, storageLocationSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await addStorageLocation(db, actor, organization.id, parsed.data, meta);
        return done("保管場所を追加しました");
      }
      case "removeStorageLocation": {
        const parsed = parseForm(form, rowId("保管場所を指定してください"));
        if (!parsed.ok) return invalid(parsed.errors);
        return (await removeStorageLocation(db, actor, organization.id, parsed.data.id, meta)) ? done("保管場所を削除しました") : reply({ error: "保管場所が見つかりません" }, 404);
      }
      case "setReading": {
        const parsed = parseForm(form, z.object({ reading: readingField }));
        if (!parsed.ok) return invalid(parsed.errors);
        await setReading(db, actor, organization.id, parsed.data.reading, meta);
        return done(parsed.data.reading ? "フリガナを保存しました" : "フリガナを削除しました");
      }
      case "setAddress": {
        const parsed = parseForm(form, addressSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await setAddress(db, actor, organization.id, parsed.data.address, meta);
        return done(parsed.data.address ? "所在地を保存しました" : "所在地を削除しました");
      }
      case "setForeignLaw": {
        const parsed = parseForm(form, foreignLawSchema);
        if (!parsed.ok) return invalid(parsed.errors);
        await setForeignLaw(db, actor, organization.id, parsed.data.foreignLaw, meta);
        return done(`「${foreignLawQuestion}」を保存しました`);
      }
      default:
        return reply({ error: "不明な操作です" }, 400);
    }
  } catch (error) {
    if (error instanceof VendorProfileRuleError) return reply({ error: error.message }, 400);
    throw error;
  }
}

function FieldError({ message }: { message?: string }) {
  return message ? <p className="field-error">{message}</p> : null;
}

export default function Profile() {
  const { organization, canEdit, certifications, storageLocations, foreignLaw, address } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as IntentReply | undefined;
  const failed = (intent: string) => (result?.intent === intent && !result.success ? { errors: result.errors ?? {}, values: result.values ?? {} } : { errors: {} as FieldErrors, values: {} as Record<string, string> });
  const cert = failed("addCertification");
  const place = failed("addStorageLocation");
  const law = failed("setForeignLaw");
  const addressForm = failed("setAddress");
  const readingForm = failed("setReading");
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs">
        <Link to="/orgs">組織</Link> › <Link to={`/orgs/${organization.id}`}>{organization.name}</Link> › 組織プロフィール
      </nav>
      <h1>組織プロフィール</h1>
      <p className="muted">医療機関が事業者を比較するときに参照する情報です。</p>
      <FormMessage error={result?.error} success={result?.success} />

      <section className="panel">
        <h2>フリガナ</h2>
        {canEdit ? (
          <Form method="post" className="narrow" key={`reading-${organization.reading ?? ""}`}>
            <input type="hidden" name="intent" value="setReading" />
            <div className="field">
              <label htmlFor="reading">組織名のフリガナ（カタカナ）</label>
              <input id="reading" name="reading" maxLength={READING_MAX} defaultValue={readingForm.values.reading ?? organization.reading ?? ""} aria-invalid={readingForm.errors.reading ? true : undefined} aria-describedby="reading-hint" />
              <p id="reading-hint" className="field-hint">
                事業者の一覧を五十音順に並べるのに使います（株式会社などの法人格は並べ替えでは無視します）。
              </p>
              <FieldError message={readingForm.errors.reading} />
            </div>
            <button type="submit">保存する</button>
          </Form>
        ) : (
          <p>{organization.reading ?? "未登録"}</p>
        )}
      </section>

      <section className="panel">
        <h2>所在地</h2>
        {canEdit ? (
          <Form method="post" className="narrow" key={`address-${address ?? ""}`}>
            <input type="hidden" name="intent" value="setAddress" />
            <div className="field">
              <label htmlFor="address">所在地（住所）</label>
              <input
                id="address"
                name="address"
                maxLength={ADDRESS_MAX}
                defaultValue={addressForm.values.address ?? address ?? ""}
                autoComplete="street-address"
                aria-invalid={addressForm.errors.address ? true : undefined}
                aria-describedby="address-hint"
              />
              <p id="address-hint" className="field-hint">
                開示書を作成するとき、所在地を尋ねる項目（代行機関の「所在地(住所)」など）が空欄ならこの住所を入力します。
              </p>
              <FieldError message={addressForm.errors.address} />
            </div>
            <button type="submit">保存する</button>
          </Form>
        ) : (
          <p>{address ?? "未登録"}</p>
        )}
      </section>

      <section className="panel">
        <h2>第三者認証</h2>
        {certifications.length ? (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">認証</th>
                <th scope="col">登録番号</th>
                <th scope="col">有効期限</th>
                <th scope="col">状態</th>
                {canEdit ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {certifications.map((c) => (
                <tr key={c.id}>
                  <td>{certificationLabel(c)}</td>
                  <td>{c.number ?? "—"}</td>
                  <td>{c.expires_on ?? "定めなし"}</td>
                  <td>{c.expired ? <span className="badge badge-required">期限切れ</span> : "有効"}</td>
                  {canEdit ? (
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="removeCertification" />
                        <input type="hidden" name="id" value={c.id} />
                        <button type="submit" className="button-secondary" aria-label={`${certificationLabel(c)}を削除`}>
                          削除
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">登録された認証はありません。</p>
        )}
        {canEdit ? (
          <Form method="post" className="narrow" key={`cert-${result?.intent === "addCertification" ? (result.done ?? "") : ""}`}>
            <h3>認証を追加</h3>
            <input type="hidden" name="intent" value="addCertification" />
            <div className="field">
              <label htmlFor="cert-kind">種類</label>
              <select id="cert-kind" name="kind" defaultValue={cert.values.kind ?? "pmark"}>
                {certificationKinds.map((k) => (
                  <option key={k} value={k}>
                    {certificationKindLabels[k]}
                  </option>
                ))}
              </select>
              <FieldError message={cert.errors.kind} />
            </div>
            <div className="field">
              <label htmlFor="cert-name">名称（「その他」の場合）</label>
              <input id="cert-name" name="name" maxLength={200} defaultValue={cert.values.name} aria-invalid={cert.errors.name ? true : undefined} />
              <FieldError message={cert.errors.name} />
            </div>
            <div className="field">
              <label htmlFor="cert-number">登録番号（任意）</label>
              <input id="cert-number" name="number" maxLength={100} defaultValue={cert.values.number} aria-invalid={cert.errors.number ? true : undefined} />
              <FieldError message={cert.errors.number} />
            </div>
            <div className="field">
              <label htmlFor="cert-expires">有効期限（任意）</label>
              <input id="cert-expires" name="expiresOn" type="date" defaultValue={cert.values.expiresOn} aria-invalid={cert.errors.expiresOn ? true : undefined} />
              <FieldError message={cert.errors.expiresOn} />
            </div>
            <button type="submit">追加する</button>
          </Form>
        ) : null}
      </section>

      <section className="panel">
        <h2>データの保管場所</h2>
        {storageLocations.length ? (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">国</th>
                <th scope="col">地域</th>
                {canEdit ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {storageLocations.map((l) => (
                <tr key={l.id}>
                  <td>
                    {countryLabel(l.country)} <span className="muted">（{l.country}）</span>
                  </td>
                  <td>{l.region ?? "—"}</td>
                  {canEdit ? (
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="removeStorageLocation" />
                        <input type="hidden" name="id" value={l.id} />
                        <button type="submit" className="button-secondary" aria-label={`${countryLabel(l.country)}${l.region ?? ""}を削除`}>
                          削除
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">登録された保管場所はありません。</p>
        )}
        {canEdit ? (
          <Form method="post" className="narrow" key={`place-${result?.intent === "addStorageLocation" ? (result.done ?? "") : ""}`}>
            <h3>保管場所を追加</h3>
            <input type="hidden" name="intent" value="addStorageLocation" />
            <div className="field">
              <label htmlFor="place-country">国</label>
              <select id="place-country" name="country" defaultValue={place.values.country ?? "JP"} aria-invalid={place.errors.country ? true : undefined}>
                {Object.entries(knownCountries).map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}（{code}）
                  </option>
                ))}
                <option value="other">その他（国コードを入力）</option>
              </select>
              <FieldError message={place.errors.country} />
            </div>
            <div className="field">
              <label htmlFor="place-code">国コード（「その他」の場合、ISO 3166-1 の英字2文字）</label>
              <input id="place-code" name="countryCode" maxLength={2} defaultValue={place.values.countryCode} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="place-region">地域（任意、例: 東京、大阪）</label>
              <input id="place-region" name="region" maxLength={100} defaultValue={place.values.region} aria-invalid={place.errors.region ? true : undefined} />
              <FieldError message={place.errors.region} />
            </div>
            <button type="submit">追加する</button>
          </Form>
        ) : null}
      </section>

      <section className="panel">
        <h2>{foreignLawQuestion}</h2>
        {canEdit ? (
          <Form method="post" key={`law-${foreignLaw ?? ""}`}>
            <input type="hidden" name="intent" value="setForeignLaw" />
            <fieldset>
              <legend>保管・処理するデータに{foreignLawQuestion}</legend>
              <div className="radio-row">
                {foreignLawValues.map((v) => (
                  <label key={v}>
                    <input type="radio" name="foreignLaw" value={v} defaultChecked={(law.values.foreignLaw ?? foreignLaw) === v} /> {foreignLawLabels[v]}
                  </label>
                ))}
              </div>
              <FieldError message={law.errors.foreignLaw} />
            </fieldset>
            <button type="submit">保存する</button>
          </Form>
        ) : (
          <p>{foreignLaw ? foreignLawLabels[foreignLaw] : "未回答"}</p>
        )}
      </section>
    </>
  );
}
