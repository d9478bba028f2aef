// The one typed description of the database (STYLE.md §3). Times are integer milliseconds.
import type { ColumnType, Generated } from "kysely";

export interface TemplateVersionTable {
  template_id: string;
  version: string;
  title: string;
  /** The validated template definition as JSON text. */
  definition: string;
  /** SHA-256 of the canonical JSON of the definition. */
  content_hash: string;
  /** "builtin" (generated from the seeds and shipped with the app) or "import". */
  origin: string;
  created_at: ColumnType<number, number, never>;
}

export type Role = "owner" | "editor" | "viewer";
export type OrganizationKind = "vendor" | "hospital";

export interface UserTable {
  id: string;
  /** Lower-cased. */
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: ColumnType<number, number | undefined, number>;
  totp_secret: string | null;
  /** Secret shown during enrolment, until the first code confirms it. */
  totp_pending_secret: string | null;
  /** Last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: number | null;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  locked_until: number | null;
  created_at: ColumnType<number, number, never>;
  password_changed_at: number;
}

export interface SessionTable {
  id: string;
  user_id: string;
  expires_at: number;
  created_at: number;
  two_factor_verified: number;
  ip: string | null;
  user_agent: string | null;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: number | null;
}

export interface OrganizationTable {
  id: string;
  name: string;
  kind: OrganizationKind;
  verified_at: number | null;
  require_two_factor: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<number, number, never>;
}

export interface MembershipTable {
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: ColumnType<number, number, never>;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  token_hash: string;
  role: Role;
  email: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_user_id: string | null;
  actor_email: string | null;
  organization_id: string | null;
  action: string;
  target: string | null;
  /** JSON of non-secret details. */
  detail: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface Database {
  template_version: TemplateVersionTable;
  user: UserTable;
  session: SessionTable;
  recovery_code: RecoveryCodeTable;
  organization: OrganizationTable;
  membership: MembershipTable;
  invitation: InvitationTable;
  audit_log: AuditLogTable;
}
