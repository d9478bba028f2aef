// The refusal `readWorkbook` gives a file it will not read (shared by the workbook reading suites).
import { readWorkbook, WorkbookError } from "../../disclosures/workbook/index.js";

export async function refusal(buf: Buffer, fileName?: string): Promise<WorkbookError> {
  try {
    await readWorkbook(buf, { fileName });
  } catch (error) {
    if (error instanceof WorkbookError) return error;
    throw error;
  }
  throw new Error("the workbook was read");
}
