import { Form } from "@remix-run/react";
import { Field, FormMessage } from "~/components/form";
import { hospitalLimitNotice, VERIFICATION_TEXT_MAX } from "~/models/organization";
import type { OrganizationKind } from "../../db/schema";

type Organization = { id: string; name: string; kind: OrganizationKind; verificationRequestedDate: string | null; verificationReference: string | null };

/** An unverified organisation's page: why verification matters, how to ask for it (owners), and what was asked. */
export function VerificationPanel({ organization, isOwner, result }: { organization: Organization; isOwner: boolean; result?: { error?: string; success?: string; errors?: Record<string, string> } }) {
  const hospital = organization.kind === "hospital";
  return (
    <section className="panel" aria-labelledby="verification-heading">
      <h2 id="verification-heading">運営者による確認</h2>
      <p>
        {hospital
          ? hospitalLimitNotice({ id: organization.id, name: organization.name, reason: "unverified" }).text
          : "運営者が実在と連絡先を確認すると、開示書と事業者の一覧に「確認済」と表示されます。"}
      </p>
      <p>
        {hospital
          ? "確認では、医療機関コード（保険医療機関・保険薬局のコード）または法人番号をもとに、運営者が公的な一覧で名称と所在地を照合します。"
          : "確認では、法人番号をもとに、運営者が公的な一覧で名称と所在地を照合します。"}
      </p>
      {organization.verificationRequestedDate ? (
        <p role="status">{`${organization.verificationRequestedDate}に確認を依頼しました（確認に使う情報: ${organization.verificationReference ?? ""}）。運営者の確認をお待ちください。`}</p>
      ) : null}
      <FormMessage error={result?.error} success={result?.success} />
      {isOwner ? (
        <Form method="post">
          <input type="hidden" name="intent" value="request-verification" />
          <Field
            label={hospital ? "医療機関コードまたは法人番号" : "法人番号"}
            name="reference"
            required
            maxLength={VERIFICATION_TEXT_MAX}
            error={result?.errors?.reference}
            hint="運営者が照合できるよう、番号の種類も書いてください（例: 医療機関コード 1312345678）。"
          />
          <button type="submit">{organization.verificationRequestedDate ? "確認を依頼し直す" : "確認を依頼する"}</button>
        </Form>
      ) : (
        <p className="muted">確認の依頼は、組織のオーナーが行えます。</p>
      )}
    </section>
  );
}
