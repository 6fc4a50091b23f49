import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { documentClient } from "../../functions/adapters/dynamo/client";
import { ensureTable } from "../dynamo";

/**
 * The yardstick for the store's write figures: how many items a second the local store takes through
 * BatchWriteItem alone — batches of 25, `parallel` of them in flight, items shaped like a filing record
 * (two index entries, about 400 bytes) — in a scratch table of the same definition, in the same store
 * and the same run as the figures it is printed beside. The scratch table is dropped afterwards.
 */
export async function rawBatchWriteRate(
  endpoint: string,
  options: { items?: number; parallel?: number } = {},
): Promise<{ itemsPerSecond: number; items: number; parallel: number }> {
  const items = options.items ?? 20_000;
  const parallel = options.parallel ?? 4;
  const table = `raw-rate-${randomUUID().slice(0, 8)}`;
  const db = documentClient({ tableName: table, endpoint });
  await ensureTable(endpoint, table);
  const payload = "x".repeat(240);
  const batches = Math.ceil(items / 25);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches) {
      const b = next++;
      const requests = Array.from({ length: Math.min(25, items - b * 25) }, (_, i) => {
        const n = b * 25 + i;
        return {
          PutRequest: {
            Item: {
              pk: `ENT#${String(n).padStart(18, "0")}`,
              sk: "F#monthly-self-inspection#2026-10",
              gsi1pk: `FILING#monthly-self-inspection#2026-10#${n % 8}`,
              gsi1sk: `missing#530502#${n}`,
              gsi2pk: `OWED#monthly-self-inspection#2026-10#${n % 8}`,
              gsi2sk: `530502#${n}`,
              payload,
            },
          },
        };
      });
      let pending = requests;
      while (pending.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  await db.send(new DeleteTableCommand({ TableName: table }));
  db.destroy();
  return { itemsPerSecond: Math.round(items / seconds), items, parallel };
}
