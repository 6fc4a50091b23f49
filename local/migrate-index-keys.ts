/**
 * The index-key migration, run once by an operator against a deployed table with their own AWS credentials
 * (an explicit, admin-started migration, not a sweep and not a route): enterprises written before the name
 * key and officials written before the subtree key get them (functions/adapters/dynamo/index-key-backfill.ts:
 * key conditions county by county and jurisdiction by jurisdiction, conditional updates that add only missing
 * keys). It prints a cursor after every step; `--cursor` resumes there after an interruption.
 *
 *   npm run migrate:index-keys -- --table <table name> [--region <region>] [--cursor <cursor>] [--budget 1000]
 */
import { parseArgs } from "node:util";
import { createCatalogueStore } from "../functions/adapters/dynamo/catalogue-store";
import { documentClient } from "../functions/adapters/dynamo/client";
import { message } from "../functions/domain/messages";

const { values } = parseArgs({
  options: {
    table: { type: "string" },
    region: { type: "string" },
    endpoint: { type: "string" },
    cursor: { type: "string" },
    budget: { type: "string", default: "1000" },
  },
});
const budget = Number(values.budget);
if (!values.table || !Number.isInteger(budget) || budget < 1 || budget > 100_000) {
  console.error(message("cli.migrate_index_keys_usage"));
  process.exit(2);
}
const db = documentClient({
  tableName: values.table,
  ...(values.region ? { region: values.region } : {}),
  ...(values.endpoint ? { endpoint: values.endpoint } : {}),
});
// Shards only matter for writing profiles; the migration writes index keys alone.
const catalogue = createCatalogueStore(db, values.table, 1);
let cursor = values.cursor;
let read = 0;
let written = 0;
do {
  const step = await catalogue.backfillIndexKeys(cursor, budget);
  read += step.read;
  written += step.written;
  cursor = step.cursor;
  console.log(JSON.stringify({ read, written, ...(cursor ? { cursor } : { done: true }) }));
} while (cursor);
