// Templates brought in from (and written out to) spreadsheets: the API the CLI and the admin UI call.
//   readWorkbook(buffer, { fileName })  → WorkbookGrid            (throws WorkbookError, message in Japanese)
//   previewImport(grid, mapping)        → ImportPreview           (template | null, rows read, problems per row)
//   exportTemplate(template)            → { workbook, mapping }   (reads back to the same content hash)
export { readWorkbook, WorkbookError, WORKBOOK_LIMITS, type WorkbookErrorCode } from "./read-workbook.js";
export { cellText, columnLetters, columnNumber, describeColumns, type MergedRange, type SheetGrid, type WorkbookGrid } from "./grid.js";
export { DEFAULT_LEVEL_WORDS, DEFAULT_NOTES_PATTERN, MAPPING_FORMAT, parseMapping, workbookMappingSchema, type MappingProblem, type WorkbookMapping, type WorkbookMappingInput } from "./mapping.js";
export { formatProblem, previewImport, type ImportPreview, type ImportProblem } from "./import.js";
export { buildTemplateWorkbook, EXPORT_SHEET, exportTemplate, SUPPLEMENT_SHEET } from "./export.js";
