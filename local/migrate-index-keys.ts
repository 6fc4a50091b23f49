/**
 * The index-key migration, run once by an operator against a deployed table with their own AWS credentials
 * (an explicit, admin-started migration, not a sweep and not a route): enterprises written before the name
 * key and officials written before the subtree key get them (functions/adapters/dynamo/index-key-backfill.ts:
 * key conditions county by county and jurisdiction by jurisdiction, conditional updates that add only missing
 * keys), then unfiled records of the recent periods listed before `not_yet_due` had a key of its own are
 * moved to it (functions/adapters/dynamo/filing-listing-backfill.ts). It prints a cursor after every step;
 * `--cursor` resumes there after an interruption.
 *
 *   npm run migrate:index-keys -- --table <table name> [--region <region>] [--cursor <cursor>] [--budget 1000]
 */
import { parseArgs } from "node:util";
import { config } from "../config";
import { createCatalogueStore } from "../functions/adapters/dynamo/catalogue-store";
import { documentClient } from "../functions/adapters/dynamo/client";
import { createFilingListingBackfill } from "../functions/adapters/dynamo/filing-listing-backfill";
import { shanghaiDateOf } from "../functions/domain/calendar";
import { message } from "../functions/domain/messages";
import { nextPeriod, periodOf, previousPeriod } from "../functions/domain/period";

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
/**
 * Each obligation's listing partitions of the periods that may hold records not closed yet: the next, the one
 * in progress and the two before it (an older period's unfiled records were marked overdue at its close).
 */
function listingPartitions(today: string): string[] {
  return config.obligations.flatMap((o) => {
    const periods = [nextPeriod(o.periodKind, periodOf(o.periodKind, today))];
    for (let n = 0; n < 3; n++) periods.push(previousPeriod(o.periodKind, periods.at(-1) as string));
    return periods.flatMap((period) =>
      Array.from({ length: config.store.writeShards }, (_, shard) => `FILING#${o.id}#${period}#${shard}`),
    );
  });
}
const filings = createFilingListingBackfill(db, values.table, listingPartitions(shanghaiDateOf(new Date())));
/** The filings' stage resumes from a cursor of its own, marked so. */
const FILINGS = "filings:";

let cursor = values.cursor;
let read = 0;
let written = 0;
let stage: "catalogue" | "filings" = cursor?.startsWith(FILINGS) ? "filings" : "catalogue";
if (cursor?.startsWith(FILINGS)) cursor = cursor.slice(FILINGS.length) || undefined;
for (;;) {
  const step =
    stage === "catalogue" ? await catalogue.backfillIndexKeys(cursor, budget) : await filings(cursor, budget);
  read += step.read;
  written += step.written;
  cursor = step.cursor;
  if (!cursor && stage === "catalogue") stage = "filings";
  else if (!cursor) {
    console.log(JSON.stringify({ read, written, done: true }));
    break;
  }
  const shown = stage === "filings" ? `${FILINGS}${cursor ?? ""}` : cursor;
  console.log(JSON.stringify({ read, written, cursor: shown }));
}
