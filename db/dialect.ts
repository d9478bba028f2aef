// What the migrations and the few engine-specific statements need to know about the engine (DECISIONS 46).
// The migrations are written once, for SQLite as they always were; on PostgreSQL the migrator adds
// `postgresSchema` and the few raw statements (immutability triggers, the full-text table) ask `isPostgres`.
import {
  ColumnDefinitionNode,
  DataTypeNode,
  OperationNodeTransformer,
  PostgresAdapter,
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * SQLite's INTEGER holds 64 bits; PostgreSQL's holds 32, too few for the millisecond times. So on PostgreSQL every
 * `integer` column of the migrations is a `bigint`, `integer primary key autoincrement` a `bigserial`, and a `blob`
 * (uploaded files) a `bytea`.
 */
class IntegersAsBigint extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node);
    if (!DataTypeNode.is(column.dataType)) return column;
    if (column.dataType.dataType === "blob") return ColumnDefinitionNode.cloneWith({ ...column, dataType: DataTypeNode.create("bytea") }, {});
    if (column.dataType.dataType !== "integer") return column;
    return ColumnDefinitionNode.cloneWith(
      { ...column, dataType: DataTypeNode.create(column.autoIncrement ? "bigserial" : "bigint") },
      { autoIncrement: false },
    );
  }
}

const integersAsBigint = new IntegersAsBigint();

export const postgresSchema: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => integersAsBigint.transformNode(args.node),
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
};

/**
 * A trigger that refuses every UPDATE (or DELETE) of `table` with `message`: published versions, template versions,
 * summaries and the audit log are immutable in the database itself, not only in the code. db/verify.ts checks
 * they are in place on either engine.
 */
export async function refuseChanges(db: Kysely<any>, trigger: string, event: "update" | "delete" | `update of ${string}`, table: string, message: string): Promise<void> {
  if (!isPostgres(db)) {
    await sql`create trigger ${sql.raw(trigger)} before ${sql.raw(event)} on ${sql.raw(table)}
    begin select raise(abort, ${sql.lit(message)}); end`.execute(db);
    return;
  }
  // One function for every such trigger; the message is the trigger's argument.
  await sql`create or replace function kaiji_refuse_change() returns trigger language plpgsql as $$
    begin raise exception '%', tg_argv[0] using errcode = 'restrict_violation'; end $$`.execute(db);
  await sql`create trigger ${sql.raw(trigger)} before ${sql.raw(event)} on ${sql.raw(table)}
    for each row execute function kaiji_refuse_change(${sql.lit(message)})`.execute(db);
}
