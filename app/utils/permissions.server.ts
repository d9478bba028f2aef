// Every loader and action asks here who may do what. Non-members get the same 404 whether or not
// an organisation exists, so nothing about other organisations leaks.
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { Role } from "../../db/schema.js";
import type { AuditActor, RequestMeta } from "../models/audit.server.js";
import { roleRank } from "../models/organization.js";
import { meetsTwoFactorRule } from "../models/membership.server.js";
import { getMembership, getOrganization } from "../models/organization.server.js";
import type { AuthUser, RequestAuth } from "./auth.server.js";
import { db } from "./db.server.js";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    auth: RequestAuth;
    ip: string;
    userAgent: string;
    /** Fragments a loader renders for a whole-document request (components/server-fragments.tsx); null for data requests. */
    serverFragments?: import("../components/server-fragments").ServerFragments | null;
  }
}

export function requestMeta(context: AppLoadContext): RequestMeta {
  return { ip: context.ip, userAgent: context.userAgent };
}

export function actorOf(user: AuthUser): AuditActor & { userId: string } {
  return { userId: user.id, email: user.email };
}

/**
 * Only same-site paths: never `//host`, `/\host` or an absolute URL (open redirects). The path comes back
 * percent-encoded, so a non-ASCII path (「/directory?q=暗号化」) is a valid Location header.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/orgs"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\u0000-\u001f]/.test(to)) return fallback;
  const base = "http://kaiji.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // Dot segments can leave a path that starts with "//" after resolving ("/..//evil.example" → "//evil.example").
  return url.origin === base && !path.startsWith("//") ? path : fallback;
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
  // The same rule decides what a member reads as the organisation (readerScope) and asks for on its behalf.
  if (!meetsTwoFactorRule(organization, auth.user)) {
    throw redirect(`/account/2fa?required=${encodeURIComponent(organization.name)}`);
  }
  if (roleRank[membership.role] < roleRank[minimum]) throw new Response("この操作を行う権限がありません", { status: 403 });
  return { ...auth, organization, role: membership.role };
}

/**
 * For actions whose needed role depends on what the form asks for: `requireOrgRole` with the smallest role runs
 * before the body is read, this after.
 */
export function requireRoleAtLeast(role: Role, minimum: Role): void {
  if (roleRank[role] < roleRank[minimum]) throw new Response("この操作を行う権限がありません", { status: 403 });
}
