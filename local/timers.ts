import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, isConditionFailure, queryPage, stripKeys } from "../functions/adapters/dynamo/batch";
import type { Timer, Timers } from "../functions/domain/ports";

/**
 * Durable timers locally: an item per timer, in the sparse index while pending. Setting is a conditional
 * put (the same id twice leaves one timer); the scheduler removes a timer from the index only after the
 * workflow it started has finished, so a kill in between fires it again on start (at least once).
 */
export function createTableTimers(db: DynamoDBDocumentClient, table: string) {
  const timers: Timers = {
    async set(timer: Timer) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: `TIMER#${timer.id}`,
              sk: "A#TIMER",
              type: "timer",
              gsi2pk: "TIMERS",
              gsi2sk: `${timer.dueAt}#${timer.id}`,
              ...timer,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
  return {
    timers,
    /** The earliest pending timer due at or before `until`. */
    async nextDue(until: string): Promise<Timer | undefined> {
      const page = await queryPage(db, {
        TableName: table,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND gsi2sk <= :until",
        ExpressionAttributeValues: { ":pk": "TIMERS", ":until": `${until}~` },
        Limit: 1,
      });
      const item = page.items[0];
      return item ? stripKeys<Timer>(item) : undefined;
    },
    /** Timers by id, pending or fired (`firedAt`); absent ones are left out. */
    async byIds(ids: string[]): Promise<(Timer & { firedAt?: string })[]> {
      const items = await batchGet(
        db,
        table,
        ids.map((id) => ({ pk: `TIMER#${id}`, sk: "A#TIMER" })),
      );
      return items.map((i) => stripKeys<Timer & { firedAt?: string }>(i));
    },
    async done(id: string, firedAt: string) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `TIMER#${id}`, sk: "A#TIMER" },
          UpdateExpression: "SET firedAt = :at REMOVE gsi2pk, gsi2sk",
          ExpressionAttributeValues: { ":at": firedAt },
        }),
      );
    },
  };
}
export type TableTimers = ReturnType<typeof createTableTimers>;
