// Answers in from a workbook (issue 14): the preview of a file against the draft as it is now
// (disclosures/answer-import.ts), and the confirmed rows saved with the editor's revision rules — a row whose item
// changed since the preview comes back as a conflict and is not written. Callers went through requireOrgRole(…, "editor").
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { previewAnswerImport, type AnswerImportPreview, type AnswerLayout } from "../../disclosures/answer-import.js";
import { clock, todayInJapan } from "../../disclosures/clock.js";
import { responseSchema, type DisclosureContent, type ItemResponse } from "../../disclosures/disclosure-content.js";
import { walkItems } from "../../disclosures/template-loader.js";
import type { WorkbookGrid } from "../../disclosures/workbook/grid.js";
import { readWorkbook, WorkbookError } from "../../disclosures/workbook/index.js";
import { audit, type AuditActor, type RequestMeta } from "./audit.server.js";
import { getDraft, getVersion, saveDraft, type SaveResult } from "./disclosure.server.js";
import { getTemplate } from "./template.server.js";

type Target = { id: string; organization_id: string; template_id: string; template_version: string; latest_version: number };

const EMPTY_TOTALS = { accepted: 0, unchanged: 0, invalid: 0, unknown: 0, conflict: 0 };

/**
 * The preview of an uploaded file; a file that is not a readable workbook is a `fileProblem` with the reader's
 * Japanese message. Here rather than in the route, so that exceljs stays out of the browser bundle.
 */
export async function previewUpload(db: Kysely<Database>, disclosure: Target, bytes: Buffer, fileName: string, layout?: AnswerLayout): Promise<AnswerImportPreview> {
  const read = await readUpload(bytes, fileName);
  if ("problem" in read) return { fileProblem: read.problem, rows: [], totals: { ...EMPTY_TOTALS }, derived: [], claims: [] };
  return previewImportInto(db, disclosure, read.grid, { layout });
}

/** An uploaded file as a grid, or the reader's Japanese message when it is not a readable workbook or CSV. */
export async function readUpload(bytes: Buffer, fileName: string): Promise<{ grid: WorkbookGrid } | { problem: string }> {
  try {
    return { grid: await readWorkbook(bytes, { fileName }) };
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    return { problem: error.message };
  }
}

/** The preview of a file's rows: through the vendor's own `layout`, or — without it — as a workbook Kaiji wrote. */
export async function previewImportInto(db: Kysely<Database>, disclosure: Target, grid: WorkbookGrid, options: { layout?: AnswerLayout; now?: number } = {}): Promise<AnswerImportPreview> {
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const versions: Record<number, DisclosureContent> = {};
  for (let n = 1; n <= disclosure.latest_version; n++) {
    const version = await getVersion(db, disclosure.id, n);
    if (version && version.template_version === template.version) versions[n] = version.parsed;
  }
  return previewAnswerImport({ grid, layout: options.layout, template, draft: await getDraft(db, disclosure), versions, today: todayInJapan(options.now ?? clock.now()) });
}

export type ImportChange = { key: string; baseRevision: number; response: ItemResponse | null };

/** What the confirmation form carries: accepted rows only, checked again here (it came back from the browser). */
export async function applyImport(db: Kysely<Database>, actor: AuditActor & { userId: string }, disclosure: Target, changes: unknown, meta: RequestMeta): Promise<SaveResult | { error: string }> {
  const { template } = (await getTemplate(db, disclosure.template_id, disclosure.template_version))!;
  const items = new Map([...walkItems(template)].map((e) => [e.item.key, e.item]));
  if (!Array.isArray(changes) || !changes.length || changes.length > items.size) return { error: "取り込む行がありません。ファイルを選び直してください。" };
  const checked: ImportChange[] = [];
  for (const change of changes as ImportChange[]) {
    const item = typeof change?.key === "string" ? items.get(change.key) : undefined;
    if (!item || item.answer.kind === "derived" || !Number.isInteger(change.baseRevision) || change.baseRevision < 0) return { error: "取り込む内容が正しくありません。ファイルを選び直してください。" };
    if (change.response !== null && !responseSchema(item, template).safeParse(change.response).success) return { error: `項目 ${item.number ?? item.key} の回答が正しくありません。ファイルを選び直してください。` };
    checked.push({ key: change.key, baseRevision: change.baseRevision, response: change.response });
  }
  const result = await saveDraft(db, actor, disclosure, checked, meta);
  await audit(db, { action: "disclosure.answers_imported", actor, meta, organizationId: disclosure.organization_id, target: disclosure.id, detail: { items: result.saved.length, conflicts: result.conflicts.length } });
  return result;
}
