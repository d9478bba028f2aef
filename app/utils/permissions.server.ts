// Every loader and action asks here who may do what. Non-members get the same 404 whether or not
// an organisation exists, so nothing about other organisations leaks.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Role } from "../../db/schema.js";
import type { AuditActor, RequestMeta } from "../models/audit.server.js";
import { roleRank } from "../models/organization.js";
import { getMembership, getOrganization } from "../models/organization.server.js";
import type { AuthUser, RequestAuth } from "./auth.server.js";
import { db } from "./db.server.js";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    auth: RequestAuth;
    ip: string;
    userAgent: string;
  }
}

export function requestMeta(context: AppLoadContext): RequestMeta {
  return { ip: context.ip, userAgent: context.userAgent };
}

export function actorOf(user: AuthUser): AuditActor & { userId: string } {
  return { userId: user.id, email: user.email };
}

/** Only same-site paths: never `//host`, `/\host` or an absolute URL (open redirects). */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/orgs"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\u0000-\u001f]/.test(to)) return fallback;
  return to;
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A fully signed-in user (second factor done, if enrolled); otherwise a redirect to sign in. */
export function requireUser(request: Request, context: AppLoadContext) {
  const auth = context.auth;
  if (!auth) signInRedirect(request);
  if (!auth.session.twoFactorVerified) throw redirect("/login/2fa");
  return auth;
}

export function requireAdmin(request: Request, context: AppLoadContext) {
  const auth = requireUser(request, context);
  if (!auth.user.isAdmin) throw new Response("このページを表示する権限がありません", { status: 403 });
  return auth;
}

export async function requireOrgRole(request: Request, context: AppLoadContext, organizationId: string, minimum: Role) {
  const auth = requireUser(request, context);
  const membership = await getMembership(db, organizationId, auth.user.id);
  if (!membership) throw new Response("組織が見つかりません", { status: 404 });
  const organization = (await getOrganization(db, organizationId))!;
  if (organization.require_two_factor && !auth.user.twoFactorEnabled) {
    throw redirect(`/account/2fa?required=${encodeURIComponent(organization.name)}`);
  }
  if (roleRank[membership.role] < roleRank[minimum]) throw new Response("この操作を行う権限がありません", { status: 403 });
  return { ...auth, organization, role: membership.role };
}
