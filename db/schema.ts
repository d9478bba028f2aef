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
  /** The workbook mapping (JSON) an imported version was read with, so the next edition starts from it; null for built-ins. */
  mapping: ColumnType<string | null, string | null | undefined, never>;
  /** An imported edition's crosswalk from the previous edition as the administrator confirmed it (JSON `{ from, matches, removed, added }`); null otherwise. */
  crosswalk: ColumnType<string | null, string | null | undefined, never>;
}

/** An administrator's import of a template from a spreadsheet, until it is published or deleted (a working area). */
export interface TemplateImportTable {
  id: string;
  /** As uploaded, stripped of path parts and invisible characters (shown, never used as a path). */
  file_name: string;
  file_size: number;
  file_sha256: string;
  file_bytes: Buffer;
  uploaded_by: string;
  uploaded_at: number;
  /** The mapping being written (JSON text; always parses, may not yet be a valid mapping). */
  mapping: string;
  revision: ColumnType<number, number | undefined, number>;
  updated_at: number;
  /** id@version of the imported version whose mapping this import started from. */
  based_on: string | null;
  /** The administrator's corrections of the proposed crosswalk (JSON `{ from, rejected, paired }`); null while there are none. */
  crosswalk: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** When an owner asked to be verified, and what they gave to be checked (医療機関コード, 法人番号 …). */
  verification_requested_at: number | null;
  verification_reference: string | null;
  require_two_factor: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<number, number, never>;
  /** Whether foreign law may apply to the data (profile fact hospitals filter on). */
  foreign_law: "no" | "yes" | "unknown" | null;
  /** 所在地 (profile fact; prefills the forms that ask for it). */
  address: string | null;
  /** フリガナ (katakana): names sort 五十音順 by it; null until given. */
  reading: ColumnType<string | null, string | null | undefined, string | null>;
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

export type ServiceKind = "system" | "cloud" | "device" | "agency" | "other";
export type CertificationKind = "pmark" | "isms" | "ismap" | "soc2" | "cs_gold" | "other";
export type Visibility = "public" | "hospitals" | "request";
export type AccessRequestStatus = "pending" | "approved" | "declined" | "revoked";

export interface ServiceTable {
  id: string;
  organization_id: string;
  name: string;
  kind: ServiceKind;
  description: string | null;
  created_at: number;
}

export interface CertificationTable {
  id: Generated<number>;
  organization_id: string;
  kind: CertificationKind;
  /** For kind "other". */
  name: string | null;
  number: string | null;
  /** YYYY-MM-DD. */
  expires_on: string | null;
}

export interface StorageLocationTable {
  id: Generated<number>;
  organization_id: string;
  /** ISO 3166-1 alpha-2, e.g. "JP". */
  country: string;
  region: string | null;
}

export interface DisclosureTable {
  id: string;
  organization_id: string;
  service_id: string | null;
  template_id: string;
  template_version: string;
  visibility: Visibility;
  /** 0 until the first publish. */
  latest_version: ColumnType<number, number | undefined, number>;
  withdrawn_at: number | null;
  created_at: number;
  created_by: string;
}

export interface DraftResponseTable {
  disclosure_id: string;
  item_key: string;
  /** JSON of the item's response; null once cleared (the row keeps the revision). */
  response: string | null;
  revision: number;
  updated_at: number;
  updated_by: string;
}

export interface DisclosureVersionTable {
  disclosure_id: string;
  number: number;
  template_id: string;
  template_version: string;
  /** Canonical JSON of the content: exactly the bytes that were hashed. */
  content: string;
  content_hash: string;
  published_at: number;
  published_by: string;
  /** 改版理由: version metadata, not part of the hashed content; null for 第1版 without one (and older versions). */
  change_reason: string | null;
}

/** A hospital's request to read a 申請制 disclosure or document: exactly one of the two is set (a CHECK says so). */
export interface AccessRequestTable {
  id: string;
  disclosure_id: string | null;
  /** Optional when inserting: a request for a disclosure names none. */
  document_id: ColumnType<string | null, string | null | undefined, string | null>;
  organization_id: string;
  requested_by: string;
  message: string | null;
  status: AccessRequestStatus;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  expires_at: number | null;
  /** The vendor's terms version the hospital accepted with this request, and when; null when there were none. */
  terms_version: number | null;
  terms_accepted_at: number | null;
}

/** A vendor's click-through terms for access requests, one immutable row per version; empty text = no terms. */
export interface AccessTermsTable {
  organization_id: string;
  version: number;
  text: string;
  created_at: number;
  created_by: string | null;
}

/** Computed once at publish from an immutable version (disclosures/summary.ts). */
export interface VersionSummaryTable {
  disclosure_id: string;
  number: number;
  /** The version's publish time (最終更新日), copied for cheap directory queries. */
  published_at: number;
  /** Required status items that are not 対象外, and those of them met. */
  required_applicable: number;
  required_met: number;
  recommended_applicable: number;
  recommended_met: number;
  planned: number;
  unmet: number;
  not_applicable: number;
  /** Answerable items of any level without an answer. */
  unanswered: number;
  /** One outcome code per item of the template version, in form order. */
  outcomes: string;
  /** On a per-release form (MDS): 「製品名 バージョン」 as published; null otherwise. */
  release: string | null;
}

export interface SearchDocumentTable {
  /** The rowid of the disclosure's row in disclosure_search. */
  id: Generated<number>;
  disclosure_id: string;
}

/** FTS5 table; its rowid is search_document.id. */
export interface DisclosureSearchTable {
  rowid: ColumnType<number, number, never>;
  /** Bigram-tokenised text (disclosures/search-text.ts). */
  body: string;
}

export interface ShortlistTable {
  id: string;
  organization_id: string;
  name: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface ShortlistEntryTable {
  shortlist_id: string;
  disclosure_id: string;
  note: string | null;
  added_by: string;
  added_at: number;
}

export interface CriteriaProfileTable {
  id: string;
  organization_id: string;
  name: string;
  template_id: string;
  /** JSON of CriteriaItems (disclosures/criteria.ts). */
  items: string;
  created_by: string;
  updated_at: number;
}

/** A vendor's own layout of answer workbooks for one form (template id), for the next import (issue 14). */
export interface AnswerLayoutTable {
  organization_id: string;
  template_id: string;
  /** JSON of AnswerLayout (disclosures/answer-import.ts). */
  layout: string;
  updated_at: number;
  /** Null once that account is deleted. */
  updated_by: string | null;
}

export type WatchKind = "vendor" | "disclosure";

/** What a hospital organisation follows, and on a disclosure the version it approved (the pin). */
export interface WatchTable {
  organization_id: string;
  kind: WatchKind;
  /** An organisation id (vendor) or a disclosure id. */
  target_id: string;
  created_by: string | null;
  created_at: number;
  pinned_version: number | null;
  pinned_by: string | null;
  pinned_at: number | null;
  pin_note: string | null;
}

/** The secret of an organisation's private watch-list feed: only its SHA-256 (base64url) is kept. */
export interface WatchFeedTokenTable {
  organization_id: string;
  token_hash: string;
  created_at: number;
  created_by: string | null;
}

/** Kinds of document disclosures (files a vendor keeps; FORMS-BEYOND-SEEDS.md). */
export type DocumentKind = "conformity" | "sla" | "mds_sds" | "checklist" | "certificate" | "other";

/** A document disclosure: a file a vendor publishes, in immutable versions (issue 15, item 2). */
export interface DocumentTable {
  id: string;
  organization_id: string;
  service_id: string | null;
  kind: DocumentKind;
  title: string;
  visibility: Visibility;
  latest_version: ColumnType<number, number | undefined, number>;
  withdrawn_at: number | null;
  created_at: number;
  created_by: string | null;
}

/** The bytes of uploaded documents, once per SHA-256 (hex). */
export interface DocumentFileTable {
  sha256: string;
  size: number;
  bytes: Buffer;
}

export interface DocumentVersionTable {
  document_id: string;
  number: number;
  /** As uploaded, cleaned of path parts and control/format characters, with the extension of its content. */
  file_name: string;
  /** Decided from the content (magic bytes), never from the name. */
  content_type: string;
  size: number;
  sha256: string;
  /** 作成日 and 有効期限, YYYY-MM-DD. */
  created_on: string;
  expires_on: string | null;
  note: string | null;
  uploaded_at: number;
  uploaded_by: string | null;
}

/** What a notification is about (issue 15, item 5); a user chooses per kind which channels reach them. */
export type NotificationKind = "version_published" | "access_requested" | "access_decided" | "expiring_soon" | "freshness_reminder";

/** An event already announced: announcing it again (the sweep after the request) changes nothing. */
export interface NotificationEventTable {
  key: string;
  created_at: number;
}

/** A user's in-app notification. */
export interface NotificationTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  event_key: string;
  subject: string;
  body: string;
  /** A path inside the site. */
  link: string;
  created_at: number;
  read_at: number | null;
}

/** An e-mail waiting to be sent, sent, or given up (failed_at); retried with back-off until then. */
export interface MailOutboxTable {
  id: string;
  user_id: string | null;
  event_key: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: number;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: number;
  /** A worker sending it holds it until then. */
  claimed_until: number | null;
  last_error: string | null;
  sent_at: number | null;
  failed_at: number | null;
}

/** A user's choice for one kind; no row means both channels on. */
export interface NotificationPreferenceTable {
  user_id: string;
  kind: NotificationKind;
  email: number;
  in_app: number;
}

/** A rate limit's count for one client, shared by every app process (app/utils/http-middleware.server.ts). */
export interface RateLimitTable {
  /** The limit's name and the client (its IP), e.g. "auth:203.0.113.7". */
  key: string;
  hits: number;
  /** When the count starts again (ms). */
  reset_at: number;
}

/** Failed sign-ins for an address without an account (app/models/account.server.ts). */
export interface SignInFailureTable {
  /** SHA-256 (hex) of the normalised address: the address itself is not kept. */
  email_hash: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** A file kept between the steps of the answer-layout form (app/models/answer-layout.server.ts). */
export interface KeptUploadTable {
  token: string;
  user_id: string;
  disclosure_id: string;
  file_name: string;
  bytes: Buffer;
  created_at: number;
  expires_at: number;
}

export interface Database {
  template_version: TemplateVersionTable;
  template_import: TemplateImportTable;
  user: UserTable;
  session: SessionTable;
  recovery_code: RecoveryCodeTable;
  organization: OrganizationTable;
  membership: MembershipTable;
  invitation: InvitationTable;
  audit_log: AuditLogTable;
  service: ServiceTable;
  certification: CertificationTable;
  storage_location: StorageLocationTable;
  disclosure: DisclosureTable;
  draft_response: DraftResponseTable;
  disclosure_version: DisclosureVersionTable;
  access_request: AccessRequestTable;
  access_terms: AccessTermsTable;
  version_summary: VersionSummaryTable;
  search_document: SearchDocumentTable;
  disclosure_search: DisclosureSearchTable;
  shortlist: ShortlistTable;
  shortlist_entry: ShortlistEntryTable;
  criteria_profile: CriteriaProfileTable;
  answer_layout: AnswerLayoutTable;
  watch: WatchTable;
  watch_feed_token: WatchFeedTokenTable;
  document: DocumentTable;
  document_file: DocumentFileTable;
  document_version: DocumentVersionTable;
  notification_event: NotificationEventTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  notification_preference: NotificationPreferenceTable;
  rate_limit: RateLimitTable;
  sign_in_failure: SignInFailureTable;
  kept_upload: KeptUploadTable;
}
