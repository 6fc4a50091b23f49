import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from "../../domain/ports";
import { isConditionFailure } from "./batch";
import { TTL_ATTRIBUTE } from "./table";

const KEY = (id: string) => ({ pk: `IDEM#${id}`, sk: "A#IDEM" });

type Times = { now: Date; lockedUntil: Date; expiresAt: Date };
type Claim = { claimed: true } | { claimed: false; record: IdempotencyRecord };

/**
 * `Idempotency-Key` records in the single table (Powertools' idempotency model): a conditional put claims
 * the key, the answer is written on the same item, DynamoDB's TTL removes it after the retention period.
 */
export function createIdempotencyStore(db: DynamoDBDocumentClient, table: string): IdempotencyStore {
  async function claimOnce(id: string, fingerprint: string, times: Times): Promise<Claim | undefined> {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...KEY(id),
            type: "idempotency",
            fingerprint,
            lockedUntil: times.lockedUntil.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(times.expiresAt.getTime() / 1000),
          },
          // Free, expired (TTL deletes late), or claimed by an attempt that never finished.
          ConditionExpression:
            "attribute_not_exists(pk) OR #ttl < :nowSec OR (attribute_not_exists(#response) AND lockedUntil < :now)",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE, "#response": "response" },
          ExpressionAttributeValues: {
            ":nowSec": Math.floor(times.now.getTime() / 1000),
            ":now": times.now.toISOString(),
          },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const held = await db.send(new GetCommand({ TableName: table, Key: KEY(id), ConsistentRead: true }));
    // Let go between the refused put and this read: free again.
    if (!held.Item) return undefined;
    const record: IdempotencyRecord = {
      fingerprint: String(held.Item.fingerprint),
      ...(held.Item.response ? { response: held.Item.response as StoredResponse } : {}),
    };
    return { claimed: false, record };
  }

  return {
    async claim(id, fingerprint, times) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const outcome = await claimOnce(id, fingerprint, times);
        if (outcome) return outcome;
      }
      throw new Error("idempotency key claimed and let go repeatedly");
    },
    async complete(id, fingerprint, response) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: KEY(id),
          UpdateExpression: "SET #response = :response",
          ConditionExpression: "fingerprint = :fingerprint",
          ExpressionAttributeNames: { "#response": "response" },
          ExpressionAttributeValues: { ":response": response, ":fingerprint": fingerprint },
        }),
      );
    },
    async release(id, fingerprint) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: KEY(id),
            ConditionExpression: "fingerprint = :fingerprint AND attribute_not_exists(#response)",
            ExpressionAttributeNames: { "#response": "response" },
            ExpressionAttributeValues: { ":fingerprint": fingerprint },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
