// The app's database for modules that are imported before it may be opened (Express middleware, the page cache:
// tests import them before they choose the database). Imported on first use, and once: a dynamic import at every
// call went through the module loader each time — under `node --import tsx`, a round trip to the loader's worker
// thread, 7% of a kept page's CPU (issue 18).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

let loading: Promise<Kysely<Database>> | undefined;

export function lazyDb(): Promise<Kysely<Database>> {
  return (loading ??= import("./db.server.js").then((m) => m.db));
}
