// Limits of a document disclosure, shared by the pages (shown in the forms) and the server (enforced there).
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DOCUMENT_NOTE_MAX = 2000;
export const DOCUMENT_TITLE_MAX = 200;

/** The note shown with a 申請制 document the reader may not read: hospitals ask for it as for a 申請制 disclosure. */
export const LOCKED_DOCUMENT_NOTE = "申請制の資料です。ファイルは、事業者が閲覧を承認した医療機関のみ閲覧できます。医療機関の編集者またはオーナーが、組織として閲覧を申請できます。";
