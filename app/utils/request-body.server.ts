// Reading a request's body in an action. Size is already bounded before anything is read (server.ts,
// `boundedBodies`); here a body that cannot be parsed is the sender's mistake (400), never a 500.
import { Buffer } from "node:buffer";

/** A form submission (urlencoded or multipart); 400 when the body is not one. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("送信内容の形式が正しくありません", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** Deeper JSON than any answer needs (a table of composite rows is 5 levels) is refused before it reaches code that recurses. */
export const JSON_MAX_DEPTH = 16;

export class BadJsonError extends Error {}

/** A JSON body, refusing malformed JSON and nesting deeper than `maxDepth` (BadJsonError, for the action to answer 400). */
export async function readJson(request: Request, maxDepth = JSON_MAX_DEPTH): Promise<unknown> {
  const text = Buffer.from(await request.arrayBuffer()).toString("utf8");
  if (nestingDepth(text) > maxDepth) throw new BadJsonError(`nested deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadJsonError(error instanceof Error ? error.message : String(error));
  }
}

/** The deepest nesting of [ and { outside strings, counted without parsing (so without recursion). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
