import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Accident } from "../../domain/accident";
import { Conflict } from "../../domain/errors";
import type { Hazard } from "../../domain/hazard";
import { said } from "../../domain/messages";
import type { AccidentStore, HazardStore, Page } from "../../domain/ports";
import { decodeToken, encodeToken, isConditionFailure, queryPage, stripKeys } from "./batch";

type Keyed<T> = {
  pk: (id: string) => string;
  sk: string;
  type: string;
  /** The listing index entry: one partition per kind and state, sorted by jurisdiction. */
  index: (item: T) => { gsi1pk: string; gsi1sk: string };
};

/** One item per subject with a revision number: every change is a conditional put on that one item. */
function revisioned<T extends { id: string; rev: number }>(
  db: DynamoDBDocumentClient,
  table: string,
  keys: Keyed<T>,
) {
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
            Item: { pk: keys.pk(item.id), sk: keys.sk, type: keys.type, ...keys.index(item), ...item },
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
    /** Pages through several index partitions in order, filling `limit`; the token remembers where. */
    async queryPartitions(
      partitions: string[],
      scopePrefix: string,
      limit: number,
      nextToken: string | undefined,
      filter?: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
    ): Promise<Page<T>> {
      const position = decodeToken<{ p: number; k?: string }>(nextToken) ?? { p: 0 };
      const items: T[] = [];
      let p = position.p;
      let inner = position.k;
      while (p < partitions.length && items.length < limit) {
        const page = await queryPage(
          db,
          {
            TableName: table,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :scope)",
            ExpressionAttributeValues: {
              ":pk": partitions[p],
              ":scope": scopePrefix,
              ...(filter?.values ?? {}),
            },
            ...(filter ? { FilterExpression: filter.expression } : {}),
            ...(filter?.names ? { ExpressionAttributeNames: filter.names } : {}),
            Limit: limit - items.length,
          },
          inner,
        );
        items.push(...page.items.map((i) => stripKeys<T>(i)));
        inner = page.nextToken;
        if (!inner) p++;
      }
      return p < partitions.length ? { items, nextToken: encodeToken({ p, k: inner }) } : { items };
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
    index: (h) => ({ gsi1pk: `HAZARDS#${h.level}#${h.status}`, gsi1sk: `${h.countyCode}#${h.id}` }),
  });
  return {
    get: store.get,
    put: store.put,
    query(q) {
      const levels = q.level ? [q.level] : (["major", "general"] as const);
      const partitions = levels.flatMap((level) =>
        HAZARD_STATES[level]
          .filter((s) => (q.statuses ? q.statuses.includes(s) : !q.status || s === q.status))
          .map((s) => `HAZARDS#${level}#${s}`),
      );
      // Conditions on attributes that are not in the key narrow the pages read within the key range.
      const conditions: [string, string, unknown][] = [];
      if (q.overdue !== undefined) conditions.push(["overdue = :overdue", ":overdue", q.overdue]);
      if (q.creditCode) conditions.push(["creditCode = :cc", ":cc", q.creditCode]);
      if (q.department) conditions.push(["supervisingDepartment = :dept", ":dept", q.department]);
      if (q.listingLevel) conditions.push(["listing.#level = :ll", ":ll", q.listingLevel]);
      const filter = conditions.length
        ? {
            expression: conditions.map(([e]) => e).join(" AND "),
            values: Object.fromEntries(conditions.map(([, k, v]) => [k, v])),
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
    index: (a) => ({ gsi1pk: `ACCIDENTS#${a.status}`, gsi1sk: `${a.jurisdiction}#${a.occurredAt}#${a.id}` }),
  });
  return {
    get: store.get,
    put: store.put,
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
      );
    },
  };
}
