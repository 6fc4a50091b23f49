import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Accident } from "../../domain/accident";
import type { Hazard } from "../../domain/hazard";
import { scopePrefix } from "../../domain/jurisdiction";
import type { FilingRecord } from "../../domain/ports";
import {
  type SweepListEntry,
  type SweepListName,
  type SweepListPage,
  SweepResult,
  type SweepSource,
  type SweepStore,
} from "../../domain/statistics";
import { batchPut, queryPage, stripKeys } from "./batch";

const resultKey = (jurisdiction: string, period: string) => ({
  pk: `SWEEP#${jurisdiction}`,
  sk: `P#${period}`,
});
const pageKey = (jurisdiction: string, period: string, list: string, page: number) => ({
  pk: `SWEEPLIST#${jurisdiction}#${period}`,
  sk: `${list}#${String(page).padStart(5, "0")}`,
});

/** Every page of a query, one item at a time (a county's records stream; nothing is collected). */
async function* queryAll(db: DynamoDBDocumentClient, input: Parameters<typeof queryPage>[1]) {
  let token: string | undefined;
  do {
    const page = await queryPage(db, input, token);
    for (const item of page.items) yield item;
    token = page.nextToken;
  } while (token);
}

/** Sweep results and their list pages, and the sweep's reads by county and month. */
export function createSweepStore(
  db: DynamoDBDocumentClient,
  table: string,
  shards: number,
): SweepStore & SweepSource {
  return {
    async putResult(result) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...resultKey(result.jurisdiction, result.period), type: "sweep-result", ...result },
        }),
      );
    },
    async getResult(jurisdiction, period) {
      const out = await db.send(new GetCommand({ TableName: table, Key: resultKey(jurisdiction, period) }));
      return out.Item ? SweepResult.parse(stripKeys(out.Item)) : undefined;
    },
    async getLatestResult(jurisdiction) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :month)",
          ExpressionAttributeValues: { ":pk": `SWEEP#${jurisdiction}`, ":month": "P#" },
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      const [item] = out.Items ?? [];
      return item ? SweepResult.parse(stripKeys(item)) : undefined;
    },
    async putListPages(pages) {
      const written = new Set(pages.map((p) => `${p.jurisdiction}#${p.period}#${p.list}#${p.page}`));
      await batchPut(
        db,
        table,
        pages.map((p) => ({
          ...pageKey(p.jurisdiction, p.period, p.list, p.page),
          type: "sweep-list",
          // The list index: a city or province streams its counties' pages by key condition on its prefix.
          gsi1pk: `SWEEPLIST#${p.period}#${p.list}`,
          gsi1sk: `${p.jurisdiction}#${String(p.page).padStart(5, "0")}`,
          ...p,
        })),
      );
      // A re-run that found fewer entries leaves no stale pages behind.
      const stale: { pk: string; sk: string }[] = [];
      for (const { jurisdiction, period } of uniqueCounties(pages)) {
        for await (const item of queryAll(db, {
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `SWEEPLIST#${jurisdiction}#${period}` },
          ProjectionExpression: "pk, sk, #list, page",
          ExpressionAttributeNames: { "#list": "list" },
        })) {
          const p = item as { pk: string; sk: string; list: string; page: number };
          if (!written.has(`${jurisdiction}#${period}#${p.list}#${p.page}`))
            stale.push({ pk: p.pk, sk: p.sk });
        }
      }
      for (let i = 0; i < stale.length; i += 25) {
        const chunk = stale.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
        await db.send(new BatchWriteCommand({ RequestItems: { [table]: chunk } }));
      }
    },
    async *listEntries<L extends SweepListName>(jurisdiction: string, period: string, list: L) {
      for await (const item of queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :scope)",
        ExpressionAttributeValues: {
          ":pk": `SWEEPLIST#${period}#${list}`,
          ":scope": scopePrefix(jurisdiction),
        },
      })) {
        for (const entry of (item as SweepListPage).entries) yield entry as SweepListEntry<L>;
      }
    },

    async *countyFilings(obligation, period, countyCode) {
      // Unfiled records are listed as not_yet_due until the close marks them missing (filing-store.ts).
      for (const status of ["on_time", "late", "missing", "not_yet_due"]) {
        for (let shard = 0; shard < shards; shard++) {
          for await (const item of queryAll(db, {
            TableName: table,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
            ExpressionAttributeValues: {
              ":pk": `FILING#${obligation}#${period}#${shard}`,
              ":prefix": `${status}#${countyCode}#`,
            },
          })) {
            yield stripKeys<FilingRecord>(item);
          }
        }
      }
    },
    async *hazardsOpenSince(countyCode, period, creditCode) {
      for await (const item of queryAll(db, {
        TableName: table,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk >= :month",
        ExpressionAttributeValues: {
          ":pk": `SWEEP#HAZ#${countyCode}`,
          ":month": period,
          ...(creditCode ? { ":cc": creditCode } : {}),
        },
        ...(creditCode ? { FilterExpression: "creditCode = :cc" } : {}),
      })) {
        yield stripKeys<Hazard>(item);
      }
    },
    async *accidentsOpenSince(jurisdiction, period) {
      for await (const item of queryAll(db, {
        TableName: table,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk AND gsi3sk >= :month",
        ExpressionAttributeValues: { ":pk": `SWEEP#ACC#${jurisdiction}`, ":month": period },
      })) {
        yield stripKeys<Accident>(item);
      }
    },
  };
}

function uniqueCounties(pages: SweepListPage[]) {
  const seen = new Map<string, { jurisdiction: string; period: string }>();
  for (const p of pages)
    seen.set(`${p.jurisdiction}#${p.period}`, { jurisdiction: p.jurisdiction, period: p.period });
  return [...seen.values()];
}
