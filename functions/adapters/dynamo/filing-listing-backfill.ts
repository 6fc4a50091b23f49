import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { InvalidInput } from "../../domain/errors";
import { message, said } from "../../domain/messages";
import type { FilingRecord, IndexKeyBackfillStep } from "../../domain/ports";
import { decodeToken, encodeToken, isConditionFailure, queryPage, stripKeys, TokenError } from "./batch";
import { listingSortKey } from "./filing-store";

/**
 * Moves unfiled records written before `not_yet_due` had a listing key of its own (gsi1 `missing#…` while
 * not yet marked overdue) to `not_yet_due#…` (filing-store.ts, `listedStatus`). Part of `npm run
 * migrate:index-keys`: every read a key condition (the given listing partitions `FILING#<obligation>#<period>
 * #<shard>`, `missing#` prefix), every write one conditional update that moves only a record still unmarked
 * under its old key — so a run twice, or resumed from any cursor, or racing a close, changes nothing more.
 */
export function createFilingListingBackfill(db: DynamoDBDocumentClient, table: string, partitions: string[]) {
  async function move(item: Record<string, unknown>): Promise<boolean> {
    const record = stripKeys<FilingRecord>(item);
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "SET gsi1sk = :next",
          ConditionExpression: "gsi1sk = :old AND #status = :missing AND attribute_not_exists(overdueAt)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":old": item.gsi1sk,
            ":next": listingSortKey(record),
            ":missing": "missing",
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return async function step(cursor: string | undefined, budget: number): Promise<IndexKeyBackfillStep> {
    let at: Position | undefined = openCursor(cursor);
    let spent = 0;
    let read = 0;
    let written = 0;
    while (at && spent < budget) {
      const partition = partitions[at.i];
      if (partition === undefined) {
        at = undefined;
        break;
      }
      let page: Awaited<ReturnType<typeof queryPage>>;
      try {
        page = await queryPage(
          db,
          {
            TableName: table,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :missing)",
            ExpressionAttributeValues: { ":pk": partition, ":missing": "missing#" },
            Limit: Math.max(1, Math.min(100, budget - spent - 1)),
          },
          at.k,
        );
      } catch (error) {
        if (error instanceof TokenError) throw badCursor();
        throw error;
      }
      spent += 1 + page.items.length;
      read += page.items.length;
      for (const item of page.items) {
        if (!item.overdueAt && (await move(item))) written++;
      }
      at = page.nextToken ? { i: at.i, k: page.nextToken } : { i: at.i + 1 };
    }
    return { read, written, ...(at ? { cursor: encodeToken(at) } : {}) };
  };
}

/** The partition's index in the given list, and where in it. */
const Position = z
  .object({ i: z.number().int().min(0).max(1_000_000), k: z.string().max(1000).optional() })
  .strict();
type Position = z.infer<typeof Position>;

function openCursor(cursor: string | undefined): Position {
  if (cursor === undefined) return { i: 0 };
  try {
    return decodeToken(cursor, Position) ?? { i: 0 };
  } catch {
    throw badCursor();
  }
}

function badCursor() {
  return new InvalidInput(said("maintenance.cursor_invalid"), [
    { path: "cursor", message: message("field.backfill_cursor") },
  ]);
}
