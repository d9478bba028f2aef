import { sql } from "kysely";
import { db } from "~/utils/db.server";

// For load balancers and the start script: 200 when the database answers.
export async function loader() {
  await sql`select 1`.execute(db);
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
