import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { audit } from "~/models/audit.server";
import { endSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { actorOf, requestMeta } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: "サインアウト | Kaiji" }];

// Signing out changes data, so only POST does it; GET shows a button.
export async function action({ context }: ActionFunctionArgs) {
  const auth = context.auth;
  if (!auth) return redirect("/");
  const cookie = await endSession(auth.session.id);
  await audit(db, { action: "auth.sign_out", actor: actorOf(auth.user), meta: requestMeta(context) });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function SignOut() {
  return (
    <div className="narrow">
      <h1>サインアウト</h1>
      <Form method="post">
        <button type="submit">サインアウトする</button>
      </Form>
    </div>
  );
}
