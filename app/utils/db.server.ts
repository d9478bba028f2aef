// The single Kysely instance of the app (STYLE.md §2). Loaders and actions import `db` from here.
import type { Kysely } from "kysely";
import { openDatabase } from "../../db/connection.js";
import type { Database } from "../../db/schema.js";
import { env } from "./env.server.js";

// Survive Remix dev rebuilds without opening a second connection.
const global = globalThis as typeof globalThis & { __kaijiDb?: Kysely<Database> };
export const db: Kysely<Database> = (global.__kaijiDb ??= openDatabase(env.DATABASE_URL ?? env.DATABASE_PATH));
