// Answers for intent-based actions (several forms on one route): the intent comes back with every
// reply, and a refused form comes back with the user's input so nothing typed is lost.
import { json } from "@remix-run/node";
import type { FieldErrors } from "./forms.js";

export type IntentReply = { intent?: string; error?: string; success?: string; errors?: FieldErrors; values?: Record<string, string>; done?: number };

export function intentReplies(form: FormData) {
  const intent = String(form.get("intent") ?? "");
  const reply = (data: IntentReply, status = 200) => json({ intent, ...data }, { status });
  const invalid = (errors: FieldErrors) => {
    const values: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === "string" && k !== "intent") values[k] = v;
    return reply({ error: Object.values(errors)[0], errors, values }, 400);
  };
  return { intent, reply, invalid };
}
