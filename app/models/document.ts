// Limits of a document disclosure, shared by the pages (shown in the forms) and the server (enforced there).
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DOCUMENT_NOTE_MAX = 2000;
export const DOCUMENT_TITLE_MAX = 200;
