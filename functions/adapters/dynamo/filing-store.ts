import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Enterprise } from "../../domain/catalogue";
import { Conflict } from "../../domain/errors";
import { contactsOf, ZERO_SELF_INSPECTIONS } from "../../domain/filing";
import { shardOf } from "../../domain/hash";
import { said } from "../../domain/messages";
import { type FilingRecord, type FilingStore, filerOf, type Page } from "../../domain/ports";
import {
  batchGet,
  batchPut,
  decodeToken,
  encodeToken,
  isConditionFailure,
  queryPage,
  stripKeys,
} from "./batch";

const key = (creditCode: string, obligation: string, period: string, hazardId?: string) => ({
  pk: `ENT#${creditCode}`,
  sk: `F#${obligation}#${period}${hazardId ? `#${hazardId}` : ""}`,
});

/**
 * The status a record is listed under (gsi1's sort key starts with it): filed ones by their status; an
 * unfiled one `not_yet_due` from its period's opening until the close marks it overdue, `missing` after.
 * Every write that changes it rewrites the key (open, filing, close), so a listing of either is a key
 * condition and a page of N is full when N such records exist.
 */
export function listedStatus(
  r: Pick<FilingRecord, "status" | "overdueAt">,
): "on_time" | "late" | "missing" | "not_yet_due" {
  if (r.status !== "missing") return r.status;
  return r.overdueAt ? "missing" : "not_yet_due";
}

export function listingSortKey(
  r: Pick<FilingRecord, "status" | "overdueAt" | "countyCode" | "creditCode" | "hazardId">,
): string {
  return `${listedStatus(r)}#${r.countyCode}#${filerOf(r)}`;
}

export function filingItem(r: FilingRecord, shards: number) {
  const shard = shardOf(filerOf(r), shards);
  const place = `${r.countyCode}#${filerOf(r)}`;
  // The sparse index holds a record while it is owed (no report yet) or while it carries a flag the
  // digest lists; everything else is only in the period listing index.
  const sparse =
    r.status === "missing"
      ? { gsi2pk: `OWED#${r.obligation}#${r.period}#${shard}`, gsi2sk: place }
      : r.flags.includes(ZERO_SELF_INSPECTIONS)
        ? { gsi2pk: `FLAG#${r.obligation}#${r.period}#${shard}`, gsi2sk: place }
        : {};
  return {
    ...key(r.creditCode, r.obligation, r.period, r.hazardId),
    type: "filing",
    gsi1pk: `FILING#${r.obligation}#${r.period}#${shard}`,
    gsi1sk: listingSortKey(r),
    ...sparse,
    ...r,
  };
}

type ShardToken = { shard: number; key?: string };
const shardPosition = (shards: number) =>
  z
    .object({
      shard: z
        .number()
        .int()
        .min(0)
        .max(shards - 1),
      key: z.string().max(1000).optional(),
    })
    .strict();

/**
 * Items read through the sparse index, per process: the simulator checks that sweeps read about as many
 * items as there are non-filers (DEVELOPERS.md, rule 7).
 */
export const sparseIndexReads = { owed: 0, flagged: 0 };

export function createFilingStore(
  db: DynamoDBDocumentClient,
  table: string,
  shards: number,
  pageSize = 100,
): FilingStore {
  async function sparsePage(
    prefix: "OWED" | "FLAG",
    obligation: string,
    period: string,
    shard: number,
    scope: string,
    token?: string,
    limit = pageSize,
  ): Promise<Page<FilingRecord>> {
    const page = await queryPage(
      db,
      {
        TableName: table,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :scope)",
        ExpressionAttributeValues: { ":pk": `${prefix}#${obligation}#${period}#${shard}`, ":scope": scope },
        Limit: limit,
      },
      token,
    );
    sparseIndexReads[prefix === "OWED" ? "owed" : "flagged"] += page.items.length;
    return {
      items: page.items.map((i) => stripKeys<FilingRecord>(i)),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  return {
    async getFiling(creditCode, obligation, period, hazardId) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: key(creditCode, obligation, period, hazardId) }),
      );
      return out.Item ? stripKeys<FilingRecord>(out.Item) : undefined;
    },
    async getFilings(keys) {
      const items = await batchGet(
        db,
        table,
        keys.map((k) => key(k.creditCode, k.obligation, k.period, k.hazardId)),
      );
      return items.map((i) => stripKeys<FilingRecord>(i));
    },
    async openFilings(records) {
      await batchPut(
        db,
        table,
        records.map((r) => filingItem(r, shards)),
      );
      return { written: records.length };
    },
    async ensureFiling(record) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: filingItem(record, shards),
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async saveFiling(record, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: filingItem(record, shards),
            ConditionExpression:
              expectedVersion === undefined ? "attribute_not_exists(version)" : "version = :expected",
            ...(expectedVersion === undefined
              ? {}
              : { ExpressionAttributeValues: { ":expected": expectedVersion } }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new Conflict(said("report.changed_concurrently", { period: record.period }));
        }
        throw error;
      }
    },
    async refreshContacts(enterprise: Enterprise, periods, obligation) {
      for (const period of periods) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: key(enterprise.creditCode, obligation, period),
              UpdateExpression: "SET enterpriseName = :n, supervisingDepartment = :d, contacts = :c",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: {
                ":n": enterprise.name,
                ":d": enterprise.supervisingDepartment,
                ":c": contactsOf(enterprise),
              },
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
    },
    async withdrawFilings(creditCode, obligation, periods, at, hazardId) {
      for (const period of periods) {
        try {
          await db.send(
            new UpdateCommand({
              TableName: table,
              Key: key(creditCode, obligation, period, hazardId),
              UpdateExpression: "SET withdrawnAt = :at REMOVE gsi2pk, gsi2sk",
              ConditionExpression: "attribute_exists(pk) AND #status = :missing",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":at": at, ":missing": "missing" },
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
    },
    async markOverdue(record, obligation, period, at, missedStreak) {
      const { creditCode, hazardId } = record;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key(creditCode, obligation, period, hazardId),
            // Listed as missing from now on: the listing key moves with the mark.
            UpdateExpression: "SET overdueAt = :at, missedStreak = :streak, gsi1sk = :listed",
            ConditionExpression:
              "attribute_exists(pk) AND #status = :missing AND attribute_not_exists(overdueAt)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":at": at,
              ":streak": missedStreak,
              ":missing": "missing",
              ":listed": listingSortKey({ ...record, status: "missing", overdueAt: at }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    pageOwed: (obligation, period, shard, scope, token) =>
      sparsePage("OWED", obligation, period, shard, scope, token),
    pageFlagged: (obligation, period, shard, scope, token) =>
      sparsePage("FLAG", obligation, period, shard, scope, token),
    async countFiled(obligation, period, scope) {
      let count = 0;
      for (let shard = 0; shard < shards; shard++) {
        for (const status of ["on_time", "late"] as const) {
          let start: Record<string, unknown> | undefined;
          do {
            const out = await db.send(
              new QueryCommand({
                TableName: table,
                IndexName: "gsi1",
                Select: "COUNT",
                KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
                ExpressionAttributeValues: {
                  ":pk": `FILING#${obligation}#${period}#${shard}`,
                  ":prefix": `${status}#${scope}`,
                },
                ...(start ? { ExclusiveStartKey: start } : {}),
              }),
            );
            count += out.Count ?? 0;
            start = out.LastEvaluatedKey;
          } while (start);
        }
      }
      return count;
    },
    async queryFilings(q) {
      const position = decodeToken(q.nextToken, shardPosition(shards)) ?? { shard: 0 };
      const items: FilingRecord[] = [];
      let shard = position.shard;
      let inner = position.key;
      while (shard < shards && items.length < q.limit) {
        const page =
          q.status === "owed"
            ? await sparsePage(
                "OWED",
                q.obligation,
                q.period,
                shard,
                q.scopePrefix,
                inner,
                q.limit - items.length,
              )
            : await queryPage(
                db,
                {
                  TableName: table,
                  IndexName: "gsi1",
                  KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
                  ExpressionAttributeValues: {
                    ":pk": `FILING#${q.obligation}#${q.period}#${shard}`,
                    ":prefix": `${q.status}#${q.scopePrefix}`,
                  },
                  Limit: q.limit - items.length,
                },
                inner,
              ).then((p) => ({
                items: p.items.map((i) => stripKeys<FilingRecord>(i)),
                nextToken: p.nextToken,
              }));
        items.push(...page.items);
        if (page.nextToken) inner = page.nextToken;
        else {
          shard += 1;
          inner = undefined;
        }
      }
      const more = shard < shards;
      return more ? { items, nextToken: encodeToken({ shard, key: inner } satisfies ShardToken) } : { items };
    },
  };
}
