import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Accident } from "../../domain/accident";
import type { WithEffects } from "../../domain/effects";
import { Conflict } from "../../domain/errors";
import { shardOf } from "../../domain/hash";
import type { Hazard } from "../../domain/hazard";
import { said } from "../../domain/messages";
import type { AccidentStore, HazardStore, Page } from "../../domain/ports";
import { closedMonth, hazardClosedAt } from "../../domain/sweep";
import {
  decodeToken,
  encodeToken,
  isConditionFailure,
  pageAcross,
  queryPage,
  shardPosition,
  stripKeys,
} from "./batch";

type Keyed<T> = {
  pk: (id: string) => string;
  sk: string;
  type: string;
  /** The listing index entry (one partition per kind and state, sorted by jurisdiction) and the sweep's. */
  index: (item: T) => { gsi1pk: string; gsi1sk: string; gsi3pk: string; gsi3sk: string };
};

/** Shards of the "effects behind" index: no single partition takes every subject's change. */
const EFFECT_SHARDS = 4;

/**
 * One item per subject with a revision number: every change is a conditional put on that one item. While
 * the item carries recorded effects not yet applied it sits in the sparse gsi2 under
 * `EFFECTS#<type>#<shard>`, sorted by when the oldest of them was recorded, for the reconciler.
 */
function revisioned<T extends { id: string; rev: number } & WithEffects>(
  db: DynamoDBDocumentClient,
  table: string,
  keys: Keyed<T>,
) {
  const effectsPartition = (shard: number) => `EFFECTS#${keys.type}#${shard}`;
  const behind = (item: T) =>
    item.effects?.length
      ? {
          gsi2pk: effectsPartition(shardOf(item.id, EFFECT_SHARDS)),
          gsi2sk: `${item.effectsSince ?? ""}#${item.id}`,
        }
      : {};
  return {
    async get(id: string): Promise<T | undefined> {
      const out = await db.send(new GetCommand({ TableName: table, Key: { pk: keys.pk(id), sk: keys.sk } }));
      return out.Item ? stripKeys<T>(out.Item) : undefined;
    },
    async put(item: T, expectedRev: number | undefined): Promise<void> {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: keys.pk(item.id),
              sk: keys.sk,
              type: keys.type,
              ...keys.index(item),
              ...behind(item),
              ...item,
            },
            ...(expectedRev === undefined
              ? { ConditionExpression: "attribute_not_exists(pk)" }
              : { ConditionExpression: "rev = :rev", ExpressionAttributeValues: { ":rev": expectedRev } }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new Conflict(said("record.changed_concurrently", { id: item.id }));
        throw error;
      }
    },
    async clearEffects(id: string, rev: number): Promise<boolean> {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: keys.pk(id), sk: keys.sk },
            UpdateExpression: "REMOVE effects, effectsSince, gsi2pk, gsi2sk",
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
    /** Subjects whose effects were recorded before `before`, shard after shard; the token remembers where. */
    async pageEffectsBehind(before: string, nextToken?: string): Promise<Page<{ id: string }>> {
      const position = decodeToken(nextToken, shardPosition(EFFECT_SHARDS)) ?? { s: 0 };
      for (let shard = position.s; shard < EFFECT_SHARDS; shard++) {
        const page = await queryPage(
          db,
          {
            TableName: table,
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk AND gsi2sk < :before",
            ExpressionAttributeValues: { ":pk": effectsPartition(shard), ":before": before },
            ProjectionExpression: "id",
            Limit: 100,
          },
          shard === position.s ? position.k : undefined,
        );
        const items = page.items.map((i) => ({ id: String(i.id) }));
        if (page.nextToken) return { items, nextToken: encodeToken({ s: shard, k: page.nextToken }) };
        if (items.length > 0)
          return shard + 1 < EFFECT_SHARDS ? { items, nextToken: encodeToken({ s: shard + 1 }) } : { items };
      }
      return { items: [] };
    },
    /**
     * Pages through several index partitions in order, each within one or more key ranges (scope prefixes),
     * filling `limit`; the token remembers where.
     */
    async queryPartitions(
      partitions: string[],
      scopePrefix: string | readonly string[],
      limit: number,
      nextToken: string | undefined,
      filter?: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
    ): Promise<Page<T>> {
      const prefixes = typeof scopePrefix === "string" ? [scopePrefix] : scopePrefix;
      const page = await pageAcross(
        db,
        partitions.flatMap((partition) =>
          prefixes.map((prefix) => ({
            TableName: table,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :scope)",
            ExpressionAttributeValues: { ":pk": partition, ":scope": prefix, ...(filter?.values ?? {}) },
            ...(filter ? { FilterExpression: filter.expression } : {}),
            ...(filter?.names ? { ExpressionAttributeNames: filter.names } : {}),
          })),
        ),
        limit,
        nextToken,
      );
      return { ...page, items: page.items.map((i) => stripKeys<T>(i)) };
    },
  };
}

const HAZARD_STATES: Record<Hazard["level"], Hazard["status"][]> = {
  general: ["open", "rectified"],
  major: ["registered", "planned", "listed", "acceptance_requested", "delisted"],
};

export function createHazardStore(db: DynamoDBDocumentClient, table: string): HazardStore {
  const store = revisioned<Hazard>(db, table, {
    pk: (id) => `HAZ#${id}`,
    sk: "A#HAZARD",
    type: "hazard",
    index: (h) => ({
      gsi1pk: `HAZARDS#${h.level}#${h.status}`,
      gsi1sk: `${h.countyCode}#${h.id}`,
      ...hazardSweepKey(h),
      ...escalationMark(h),
    }),
  });
  return {
    get: store.get,
    put: store.put,
    clearEffects: store.clearEffects,
    pageEffectsBehind: store.pageEffectsBehind,
    query(q) {
      const levels = q.level ? [q.level] : (["major", "general"] as const);
      const partitions = levels.flatMap((level) =>
        HAZARD_STATES[level]
          .filter((s) => (q.statuses ? q.statuses.includes(s) : !q.status || s === q.status))
          .filter((s) => !q.open || !CLOSED.includes(s))
          .map((s) => `HAZARDS#${level}#${s}`),
      );
      // Conditions on attributes that are not in the key narrow the pages read within the key range.
      const conditions: { expression: string; values: Record<string, unknown> }[] = [];
      const when = (expression: string, values: Record<string, unknown>) =>
        conditions.push({ expression, values });
      if (q.overdue !== undefined) when("overdue = :overdue", { ":overdue": q.overdue });
      if (q.overdueIn) {
        const [y, m] = q.overdueIn.split("-").map(Number) as [number, number];
        // Overdue in a month: a closed spell touched it, or the spell in progress began before it ended
        // (the month's end is 00:00 Shanghai time on the next month's first day).
        when("(contains(overdueMonths, :month) OR (overdue = :yes AND overdueSince < :monthEnd))", {
          ":month": q.overdueIn,
          ":yes": true,
          ":monthEnd": new Date(Date.UTC(y, m, 1) - 8 * 3_600_000).toISOString(),
        });
      }
      if (q.creditCode) when("creditCode = :cc", { ":cc": q.creditCode });
      if (q.department) when("supervisingDepartment = :dept", { ":dept": q.department });
      if (q.listingLevel) when("listing.#level = :ll", { ":ll": q.listingLevel });
      if (q.deadlineFrom) when("deadline >= :dfrom", { ":dfrom": q.deadlineFrom });
      if (q.deadlineTo) when("deadline <= :dto", { ":dto": q.deadlineTo });
      if (q.escalatedSince) when("escalatedAt >= :esince", { ":esince": q.escalatedSince });
      const filter = conditions.length
        ? {
            expression: conditions.map((c) => c.expression).join(" AND "),
            values: Object.assign({}, ...conditions.map((c) => c.values)),
            ...(q.listingLevel ? { names: { "#level": "level" } } : {}),
          }
        : undefined;
      return store.queryPartitions(partitions, q.scopePrefix, q.limit, q.nextToken, filter);
    },
  };
}

export function createAccidentStore(db: DynamoDBDocumentClient, table: string): AccidentStore {
  const store = revisioned<Accident>(db, table, {
    pk: (id) => `ACC#${id}`,
    sk: "A#ACCIDENT",
    type: "accident",
    index: (a) => ({
      gsi1pk: `ACCIDENTS#${a.status}`,
      gsi1sk: `${a.jurisdiction}#${a.occurredAt}#${a.id}`,
      ...accidentSweepKey(a),
    }),
  });
  return {
    get: store.get,
    put: store.put,
    clearEffects: store.clearEffects,
    pageEffectsBehind: store.pageEffectsBehind,
    query(q) {
      // A withdrawn case leaves the lists; it is read by id, or listed only when asked for by status.
      const statuses: Accident["status"][] = q.status
        ? [q.status]
        : ["investigating", "report_submitted", "closed", "evaluated"];
      return store.queryPartitions(
        statuses.map((s) => `ACCIDENTS#${s}`),
        q.scopePrefix,
        q.limit,
        q.nextToken,
        q.enterpriseCreditCode
          ? { expression: "enterpriseCreditCode = :cc", values: { ":cc": q.enterpriseCreditCode } }
          : undefined,
      );
    },
  };
}

const CLOSED: Hazard["status"][] = ["rectified", "delisted"];

/**
 * When the escalation ladder last went past the listing department (a `ladder step escalate…` in the
 * timeline): written with every put, so "escalated in the last 30 days" is a condition on one attribute.
 * `stripKeys` removes it on reading, so a stale value never rides back into a later write.
 */
export function escalationMark(h: Hazard): { escalatedAt?: string } {
  const at = h.timeline
    .filter((e) => e.what.startsWith("ladder step escalate"))
    .reduce<string | undefined>((latest, e) => (latest && latest > e.at ? latest : e.at), undefined);
  return at ? { escalatedAt: at } : {};
}

/** Sorts after every month: an open subject is read by the sweep of every month from now on. */
export const OPEN_SORT = "~open";

/** Hazards of a county by the month they were closed in (rectified or delisted): the sweep index. */
export function hazardSweepKey(h: Hazard) {
  return {
    gsi3pk: `SWEEP#HAZ#${h.countyCode}`,
    gsi3sk: `${closedMonth(hazardClosedAt(h)) ?? OPEN_SORT}#${h.id}`,
  };
}

/** Accident cases of a jurisdiction by the month their evaluation was done: the sweep index. */
export function accidentSweepKey(a: Accident) {
  return {
    gsi3pk: `SWEEP#ACC#${a.jurisdiction}`,
    gsi3sk: `${closedMonth(a.evaluationDone?.completedAt) ?? OPEN_SORT}#${a.id}`,
  };
}
