import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict } from "../../domain/errors";
import { said } from "../../domain/messages";
import type { BulletinStore, StoredBulletin } from "../../domain/ports";
import { isConditionFailure, queryAll, queryPage, stripKeys } from "./batch";

const key = (id: string) => ({ pk: `BUL#${id}`, sk: "A#BULLETIN" });
const versionKey = (period: string, version: number) => `${period}#${String(version).padStart(4, "0")}`;
/** One partition suffices: only bulletins whose issue is being delivered are in it, and briefly. */
const DELIVERY_PARTITION = "EFFECTS#bulletin#0";

/**
 * Bulletins, one item each (`BUL#<id>`), every change a conditional put on `rev`. The versions of a
 * jurisdiction's month sit under `gsi1pk = BULLETINS#<jurisdiction>`, sorted by month and version; a
 * bulletin whose issue's messages are not all handed to the outbox yet is in the sparse gsi2.
 */
export function createBulletinStore(db: DynamoDBDocumentClient, table: string): BulletinStore {
  return {
    async get(id) {
      const out = await db.send(new GetCommand({ TableName: table, Key: key(id) }));
      return out.Item ? stripKeys<StoredBulletin>(out.Item) : undefined;
    },
    async put(bulletin, expectedRev) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key(bulletin.id),
              type: "bulletin",
              gsi1pk: `BULLETINS#${bulletin.jurisdiction}`,
              gsi1sk: versionKey(bulletin.period, bulletin.version),
              ...(bulletin.delivery?.length
                ? { gsi2pk: DELIVERY_PARTITION, gsi2sk: `${bulletin.deliverySince ?? ""}#${bulletin.id}` }
                : {}),
              ...bulletin,
            },
            ...(expectedRev === undefined
              ? { ConditionExpression: "attribute_not_exists(pk)" }
              : { ConditionExpression: "rev = :rev", ExpressionAttributeValues: { ":rev": expectedRev } }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new Conflict(said("record.changed_concurrently", { id: bulletin.id }));
        throw error;
      }
    },
    async versions(jurisdiction, period) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :period)",
        ExpressionAttributeValues: { ":pk": `BULLETINS#${jurisdiction}`, ":period": `${period}#` },
      });
      return items.map((i) => stripKeys<StoredBulletin>(i));
    },
    async clearDelivery(id, rev) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key(id),
            UpdateExpression: "REMOVE delivery, deliverySince, gsi2pk, gsi2sk",
            ConditionExpression: "rev = :rev",
            ExpressionAttributeValues: { ":rev": rev },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async pageDeliveryBehind(before, nextToken) {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk < :before",
          ExpressionAttributeValues: { ":pk": DELIVERY_PARTITION, ":before": before },
          ProjectionExpression: "id",
          Limit: 100,
        },
        nextToken,
      );
      return {
        items: page.items.map((i) => ({ id: String(i.id) })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  };
}
