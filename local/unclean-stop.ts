import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionFailure } from "../functions/adapters/dynamo/batch";
import type { InterruptedOutcome } from "../functions/domain/interrupted-sends";
import type { MessageStatus, OutboxEntry, OutboxStore } from "../functions/domain/ports";

/**
 * Whether the last run on a data folder ended without `stop()` (kill -9, a failpoint, a power cut): a marker
 * file is written on start and removed by a clean stop.
 */
export function runMarker(dataDir: string) {
  const file = join(dataDir, "running");
  return {
    /** True when the previous run did not stop cleanly; marks this run as running. */
    begin(): boolean {
      const unclean = existsSync(file);
      writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
      return unclean;
    },
    end() {
      rmSync(file, { force: true });
    },
  };
}

export type Repaired = { interrupted: number; requeued: number; timers: number };

/**
 * After an unclean stop the index cannot be trusted alone (a data folder written before item and index
 * were one write can hold a message whose item says `sending` and that no index query returns): every
 * message not yet settled and every pending timer is found by its state attribute, in a scan of the table,
 * and written again. A message still `sending` was interrupted: it is resolved as the notifier's own
 * recovery does (`resolve`: asked of the provider where it can be, else `unknown`, never resent); one waiting to be sent is written back into the
 * dispatch index; a pending timer back into the due-timer index. Only the local runtime does this, once
 * per start after a crash; the scan reads the whole table.
 */
export async function repairByState(
  db: DynamoDBDocumentClient,
  table: string,
  outbox: OutboxStore,
  resolve: (entry: OutboxEntry) => Promise<InterruptedOutcome>,
): Promise<Repaired> {
  const repaired: Repaired = { interrupted: 0, requeued: 0, timers: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        FilterExpression:
          "(#type = :message AND #status IN (:sending, :queued, :deferred)) OR " +
          "(#type = :timer AND attribute_not_exists(firedAt))",
        ExpressionAttributeNames: { "#type": "type", "#status": "status" },
        ExpressionAttributeValues: {
          ":message": "message",
          ":timer": "timer",
          ":sending": "sending",
          ":queued": "queued",
          ":deferred": "deferred",
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    start = page.LastEvaluatedKey;
    for (const item of page.Items ?? []) {
      if (item.type === "timer") {
        const rewritten = await db
          .send(
            new UpdateCommand({
              TableName: table,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: "SET gsi2pk = :pk, gsi2sk = :sk",
              ConditionExpression: "attribute_not_exists(firedAt)",
              ExpressionAttributeValues: { ":pk": "TIMERS", ":sk": `${item.dueAt}#${item.id}` },
            }),
          )
          .then(
            () => true,
            (error: unknown) => {
              if (isConditionFailure(error)) return false;
              throw error;
            },
          );
        if (rewritten) repaired.timers++;
        continue;
      }
      const entry = item as unknown as OutboxEntry;
      const status = entry.status as MessageStatus;
      if (status === "sending") {
        if ((await resolve(entry)) === "unknown") repaired.interrupted++;
      } else if (
        await outbox.transition(entry.key, status, {
          status,
          notBefore: entry.notBefore ?? entry.createdAt,
        })
      ) {
        repaired.requeued++;
      }
    }
  } while (start);
  return repaired;
}
