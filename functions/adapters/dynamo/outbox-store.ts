import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { shardOf } from "../../domain/hash";
import { scopePrefix } from "../../domain/jurisdiction";
import type { MessageReader, OutboxEntry, OutboxStore } from "../../domain/ports";
import {
  batchGet,
  batchPut,
  decodeToken,
  encodeToken,
  isConditionFailure,
  pageAcross,
  queryPage,
  shardPosition,
  stripKeys,
} from "./batch";

const key = (messageKey: string) => ({ pk: `MSG#${messageKey}`, sk: "A#MSG" });
/** A provider's own message id → the message (SES and End User Messaging receipts name only theirs). */
const link = (provider: string, providerMessageId: string) => ({
  pk: `PMID#${provider}#${providerMessageId}`,
  sk: "A#LINK",
});
/**
 * Where a message sits in the sparse index: waiting to be sent (deferred or backing off) under
 * DISPATCH#<shard> by its time, in flight under SENDING#<shard> by its claim time (so an interrupted send can
 * be found), else nowhere. The shard (FNV of the key) keeps a reminder run off one hot partition.
 */
function placement(
  status: string,
  notBefore: string | undefined,
  claimedAt: string | undefined,
  messageKey: string,
  shards: number,
) {
  const shard = shardOf(messageKey, shards);
  if (status === "queued" || status === "deferred")
    return { gsi2pk: `DISPATCH#${shard}`, gsi2sk: `${notBefore ?? ""}#${messageKey}` };
  if (status === "sending") return { gsi2pk: `SENDING#${shard}`, gsi2sk: `${claimedAt ?? ""}#${messageKey}` };
  return undefined;
}

/**
 * The recipient index sorts a recipient's messages by who may read them, then by time:
 * `<scope>#<about or ->#<createdAt>#<id>`. An official's jurisdiction is a prefix of the scope; an
 * enterprise's messages are a prefix per scope they can carry. Readers are chosen by the key condition.
 */
export function recipientSortKey(entry: Pick<OutboxEntry, "scope" | "about" | "createdAt" | "id">): string {
  return `${entry.scope}#${entry.about ?? "-"}#${entry.createdAt}#${entry.id}`;
}

function readerPrefixes(reader: MessageReader): string[] {
  if ("jurisdiction" in reader) return [scopePrefix(reader.jurisdiction)];
  return reader.enterprise ? reader.scopes.map((scope) => `${scope}#${reader.enterprise}#`) : [];
}

/** `shards`: the queue index's partitions (config.notify.dispatch.shards); every pass reads each of them. */
export function createOutboxStore(db: DynamoDBDocumentClient, table: string, shards = 16): OutboxStore {
  /** One index partition kind, shard after shard; the token remembers the shard and the key within it. */
  async function pageIndex(kind: "DISPATCH" | "SENDING", before: string, nextToken?: string) {
    const position = decodeToken(nextToken, shardPosition(shards)) ?? { s: 0 };
    for (let shard = position.s; shard < shards; shard++) {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk < :before",
          ExpressionAttributeValues: { ":pk": `${kind}#${shard}`, ":before": before },
          Limit: 100,
        },
        shard === position.s ? position.k : undefined,
      );
      const items = page.items.map((i) => stripKeys<OutboxEntry>(i));
      if (page.nextToken) return { items, nextToken: encodeToken({ s: shard, k: page.nextToken }) };
      if (items.length > 0)
        return shard + 1 < shards ? { items, nextToken: encodeToken({ s: shard + 1 }) } : { items };
    }
    return { items: [] as OutboxEntry[] };
  }

  /** The stored item of a new entry: its indexes (recipient, id, queue) beside its fields. */
  const itemOf = (entry: OutboxEntry) => ({
    ...key(entry.key),
    type: "message",
    gsi1pk: `RCPT#${entry.recipient}`,
    gsi1sk: recipientSortKey(entry),
    // Receipts name a message by its id (the `outId` the provider was given): one key condition.
    gsi3pk: `MSGID#${entry.id}`,
    gsi3sk: "A#MSG",
    ...placement(entry.status, entry.notBefore ?? entry.createdAt, entry.claimedAt, entry.key, shards),
    ...entry,
  });

  return {
    async claim(entry) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: itemOf(entry),
            // The idempotency key is the item key: a replayed reminder finds its twin and is not sent again.
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async claimMany(entries) {
      // One consistent BatchGetItem per 100 keys, then BatchWriteItem (25 a request) of the absent ones,
      // instead of one conditional PutItem each: a put in a batch cannot be conditional, so what exists is
      // looked up first. Exactly-once holds because every replay of an enqueue (a retried task, a replayed
      // step, a reconciler's pass) starts after the attempt it repeats has ended — Task states have no
      // TimeoutSeconds, so Step Functions retries only once the Lambda returned or failed — and its
      // consistent read sees every item that attempt wrote, whatever their status since; it writes none of
      // them again. Only two enqueues of one key running at the same moment could both find it absent; no
      // caller starts two (a step's messages are enqueued by that step alone).
      const first = new Map<string, OutboxEntry>();
      for (const e of entries) if (!first.has(e.key)) first.set(e.key, e);
      const found = await batchGet(
        db,
        table,
        [...first.keys()].map((k) => key(k)),
        true,
      );
      const existing = new Set(found.map((item) => String(item.pk)));
      const absent = [...first.values()].filter((e) => !existing.has(key(e.key).pk));
      await batchPut(db, table, absent.map(itemOf));
      const written = new Set(absent);
      return entries.map((e) => written.has(e));
    },
    async transition(messageKey, from, patch) {
      const names: Record<string, string> = { "#status": "status" };
      const values: Record<string, unknown> = { ":from": from };
      const sets: string[] = [];
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      let update = `SET ${sets.join(", ")}`;
      const place = placement(patch.status, patch.notBefore, patch.claimedAt, messageKey, shards);
      if (place) {
        values[":gsi2pk"] = place.gsi2pk;
        values[":gsi2sk"] = place.gsi2sk;
        update += ", gsi2pk = :gsi2pk, gsi2sk = :gsi2sk";
      } else {
        update += " REMOVE gsi2pk, gsi2sk";
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key(messageKey),
            UpdateExpression: update,
            ConditionExpression: "#status = :from",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async get(messageKey) {
      const out = await db.send(new GetCommand({ TableName: table, Key: key(messageKey) }));
      return out.Item ? stripKeys<OutboxEntry>(out.Item) : undefined;
    },
    async byId(id) {
      const page = await queryPage(db, {
        TableName: table,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk",
        ExpressionAttributeValues: { ":pk": `MSGID#${id}` },
        Limit: 1,
      });
      const item = page.items[0];
      return item ? stripKeys<OutboxEntry>(item) : undefined;
    },
    async linkProviderId(provider, providerMessageId, messageKey, expiresAt) {
      // Unconditional: the same send links the same key; it expires with the message.
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...link(provider, providerMessageId), type: "message-link", key: messageKey, expiresAt },
        }),
      );
    },
    async byProviderId(provider, providerMessageId) {
      const out = await db.send(new GetCommand({ TableName: table, Key: link(provider, providerMessageId) }));
      const messageKey = out.Item?.key;
      return typeof messageKey === "string" ? this.get(messageKey) : undefined;
    },
    pageDue: (before, nextToken) => pageIndex("DISPATCH", `${before}~`, nextToken),
    pageInFlight: (claimedBefore, nextToken) => pageIndex("SENDING", claimedBefore, nextToken),
    async byRecipient(recipient, reader, since, limit, nextToken) {
      const prefixes = readerPrefixes(reader);
      if (prefixes.length === 0) return { items: [] };
      const page = await pageAcross(
        db,
        prefixes.map((prefix) => ({
          TableName: table,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :reader)",
          ExpressionAttributeValues: {
            ":pk": `RCPT#${recipient}`,
            ":reader": prefix,
            ...(since ? { ":since": since } : {}),
          },
          // Time is not a matter of who may read: filtering on it hides nothing.
          ...(since ? { FilterExpression: "createdAt >= :since" } : {}),
        })),
        limit,
        nextToken,
      );
      return { ...page, items: page.items.map((i) => stripKeys<OutboxEntry>(i)) };
    },
  };
}
