import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { FormMessage } from "~/components/form";
import { acceptInvitation, findInvitation, type InvitationState } from "~/models/organization.server";
import { kindLabels, roleLabels } from "~/models/organization";
import { db } from "~/utils/db.server";
import { requestMeta, requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "組織への招待 | Kaiji" }, { name: "referrer", content: "no-referrer" }];

const stateMessages: Record<Exclude<InvitationState, "valid"> | "unknown" | "member", string> = {
  unknown: "この招待リンクは無効です。リンクを確認するか、組織のオーナーに新しい招待を依頼してください",
  expired: "この招待リンクは有効期限が切れています。組織のオーナーに新しい招待を依頼してください",
  used: "この招待リンクはすでに使用されています。招待リンクは1回だけ使えます",
  revoked: "この招待は取り消されました",
  member: "すでにこの組織のメンバーです",
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await findInvitation(db, params.token!);
  // An unusable token says why, but never which organisation it was for.
  if (!invitation || invitation.state !== "valid") {
    throw new Response(stateMessages[invitation?.state === "valid" ? "unknown" : (invitation?.state ?? "unknown")], { status: 410 });
  }
  return json({ organizationName: invitation.name, kind: invitation.kind, role: invitation.role, signedIn: Boolean(context.auth?.session.twoFactorVerified) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(request, context);
  const result = await acceptInvitation(db, user, params.token!, requestMeta(context));
  if (!result.ok) return json({ error: stateMessages[result.reason as keyof typeof stateMessages] }, { status: 410 });
  return redirect(`/orgs/${result.organizationId}`);
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const here = encodeURIComponent(useLocation().pathname);
  return (
    <div className="narrow">
      <h1>組織への招待</h1>
      <p>
        {kindLabels[data.kind]}「{data.organizationName}」に{roleLabels[data.role]}として招待されています。
      </p>
      <FormMessage error={result?.error} />
      {data.signedIn ? (
        <Form method="post">
          <button type="submit">招待を受けて参加する</button>
        </Form>
      ) : (
        <p>
          参加するには <Link to={`/login?redirectTo=${here}`}>サインイン</Link> するか、<Link to={`/signup?redirectTo=${here}`}>アカウントを作成</Link> してください。
        </p>
      )}
    </div>
  );
}
