import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type Enterprise, type Official, officialId } from "../../domain/catalogue";
import { shardOf } from "../../domain/hash";
import type { TimelineEvent } from "../../domain/hazard";
import { provinceOf, scopePrefix } from "../../domain/jurisdiction";
import type { CatalogueStore, EnterpriseSearch, OfficialSearch, Page } from "../../domain/ports";
import { batchGet, batchPut, isConditionFailure, pageAcross, queryAll, queryPage, stripKeys } from "./batch";
import { createIndexKeyBackfill } from "./index-key-backfill";

const PROFILE = "A#PROFILE";

export function enterpriseItem(e: Enterprise, shards: number) {
  return {
    pk: `ENT#${e.creditCode}`,
    sk: PROFILE,
    type: "enterprise",
    gsi1pk: `COUNTY#${e.countyCode}`,
    gsi1sk: `ENT#${e.creditCode}`,
    ...enterpriseNameKey(e),
    // Only active enterprises sit in the sparse index that opening a period reads.
    ...(e.status === "active"
      ? { gsi2pk: `ACTIVE#${shardOf(e.creditCode, shards)}`, gsi2sk: `${e.countyCode}#${e.creditCode}` }
      : {}),
    ...e,
  };
}

/**
 * The officials of a province in one gsi3 partition, sorted by jurisdiction: a jurisdiction and everything
 * below it is one key condition, `begins_with(gsi3sk, <its GB/T 2260 prefix>)` (a city sees its counties').
 */
export function officialSubtreeKey(o: Official) {
  return {
    gsi3pk: `STAFFIN#${provinceOf(o.jurisdictionCode)}`,
    gsi3sk: `${o.jurisdictionCode}#${o.role}#${o.department}#${officialId(o)}`,
  };
}

/**
 * Name search of a county's enterprises (the console's 监管对象): gsi3 is overloaded, the sweep's keys start
 * with SWEEP#.
 */
export function enterpriseNameKey(e: Enterprise) {
  return { gsi3pk: `ENTNAME#${e.countyCode}`, gsi3sk: `${e.name}#${e.creditCode}` };
}

const countyItem = (code: string) => ({
  pk: `COUNTY#${code}`,
  sk: "A#META",
  type: "county",
  gsi1pk: "COUNTIES",
  gsi1sk: code,
  code,
});

/** A page of items as the domain sees them (without the table's keys), with the position to go on from. */
function domainPage<T>(page: { items: Record<string, unknown>[]; nextToken?: string }): Page<T> {
  return {
    items: page.items.map((i) => stripKeys<T>(i)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

/** Industry, department and status narrow a page by filter; the key condition keeps it in the counties. */
function enterpriseFilter(search: EnterpriseSearch) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (search.industry) {
    parts.push("industry = :industry");
    values[":industry"] = search.industry;
  }
  if (search.department) {
    parts.push("contains(supervisingDepartment, :department)");
    values[":department"] = search.department;
  }
  if (search.status) {
    parts.push("#status = :status");
    names["#status"] = "status";
    values[":status"] = search.status;
  }
  return parts.length === 0
    ? { filterValues: values }
    : {
        FilterExpression: parts.join(" AND "),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        filterValues: values,
      };
}

export function createCatalogueStore(
  db: DynamoDBDocumentClient,
  table: string,
  shards: number,
): CatalogueStore {
  async function existing(pks: string[]): Promise<Set<string>> {
    const found = await batchGet(
      db,
      table,
      pks.map((pk) => ({ pk, sk: PROFILE })),
    );
    return new Set(found.map((i) => String(i.pk)));
  }

  async function putCounty(code: string) {
    await db.send(new PutCommand({ TableName: table, Item: countyItem(code) }));
  }

  async function putAll<T>(things: T[], key: (t: T) => string, item: (t: T) => Record<string, unknown>) {
    const before = await existing(things.map(key));
    await batchPut(db, table, things.map(item));
    const created: string[] = [];
    const updated: string[] = [];
    for (const t of things) (before.has(key(t)) ? updated : created).push(key(t).split("#")[1] ?? "");
    return { created, updated };
  }

  const backfill = createIndexKeyBackfill(db, table, {
    enterprise: enterpriseNameKey,
    official: officialSubtreeKey,
  });

  return {
    backfillIndexKeys: backfill,
    async getEnterprise(creditCode) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `ENT#${creditCode}`, sk: PROFILE } }),
      );
      return out.Item ? stripKeys<Enterprise>(out.Item) : undefined;
    },
    async getEnterprises(creditCodes) {
      const items = await batchGet(
        db,
        table,
        creditCodes.map((c) => ({ pk: `ENT#${c}`, sk: PROFILE })),
      );
      return items.map((i) => stripKeys<Enterprise>(i));
    },
    async putEnterprises(enterprises) {
      await batchPut(
        db,
        table,
        enterprises.map((e) => enterpriseItem(e, shards)),
      );
      const counties = [...new Set(enterprises.map((e) => e.countyCode))];
      await batchPut(db, table, counties.map(countyItem));
    },
    async replaceEnterprise(next, expected) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: enterpriseItem(next, shards),
            ConditionExpression: "countyCode = :county AND #status = :status",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":county": expected.countyCode, ":status": expected.status },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      await putCounty(next.countyCode);
      return true;
    },
    async appendEnterpriseEvent(creditCode, event) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `ENT#${creditCode}`,
            sk: `LOG#${event.at}#${event.what}`,
            type: "enterprise-event",
            event,
          },
        }),
      );
    },
    async enterpriseTimeline(creditCode) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :log)",
        ExpressionAttributeValues: { ":pk": `ENT#${creditCode}`, ":log": "LOG#" },
      });
      return items.map((i) => i.event as TimelineEvent);
    },
    async putOfficials(officials) {
      return putAll(
        officials,
        (o) => `OFF#${officialId(o)}`,
        (o) => ({
          pk: `OFF#${officialId(o)}`,
          sk: PROFILE,
          type: "official",
          gsi1pk: `STAFF#${o.jurisdictionCode}#${o.role}`,
          gsi1sk: `${o.department}#${officialId(o)}`,
          ...officialSubtreeKey(o),
          ...o,
        }),
      );
    },
    async officialsOf(jurisdiction, role, department) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: department ? "gsi1pk = :pk AND begins_with(gsi1sk, :dept)" : "gsi1pk = :pk",
        ExpressionAttributeValues: {
          ":pk": `STAFF#${jurisdiction}#${role}`,
          ...(department ? { ":dept": `${department}#` } : {}),
        },
      });
      return items.map((i) => stripKeys<Official>(i));
    },
    async countiesWithin(prefix) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
        ExpressionAttributeValues: { ":pk": "COUNTIES", ":prefix": prefix },
      });
      return items.map((i) => String(i.code));
    },
    async searchEnterprises(search): Promise<Page<Enterprise>> {
      const { filterValues, ...filter } = enterpriseFilter(search);
      // By name: the county's name index; by credit code or without a text: the county's listing by code.
      const queries = search.counties.map((county) =>
        search.namePrefix
          ? {
              TableName: table,
              IndexName: "gsi3",
              KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :prefix)",
              ExpressionAttributeValues: {
                ":pk": `ENTNAME#${county}`,
                ":prefix": search.namePrefix,
                ...filterValues,
              },
              ...filter,
            }
          : {
              TableName: table,
              IndexName: "gsi1",
              KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
              ExpressionAttributeValues: {
                ":pk": `COUNTY#${county}`,
                ":prefix": `ENT#${search.creditCodePrefix ?? ""}`,
                ...filterValues,
              },
              ...filter,
            },
      );
      const page = await pageAcross(db, queries, search.limit, search.nextToken);
      return domainPage<Enterprise>(page);
    },
    async searchOfficials(search: OfficialSearch): Promise<Page<Official>> {
      if (search.below) {
        const [role] = search.roles;
        const page = await queryPage(
          db,
          {
            TableName: table,
            IndexName: "gsi3",
            KeyConditionExpression: "gsi3pk = :pk AND begins_with(gsi3sk, :prefix)",
            ExpressionAttributeValues: {
              ":pk": `STAFFIN#${provinceOf(search.jurisdiction)}`,
              ":prefix": scopePrefix(search.jurisdiction),
              ...(search.roles.length === 1 ? { ":role": role } : {}),
            },
            // One role: the others in the range are passed over by the filter (a handful per jurisdiction).
            ...(search.roles.length === 1
              ? { FilterExpression: "#role = :role", ExpressionAttributeNames: { "#role": "role" } }
              : {}),
            Limit: search.limit,
          },
          search.nextToken,
        );
        return domainPage<Official>(page);
      }
      const queries = search.roles.map((role) => ({
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `STAFF#${search.jurisdiction}#${role}` },
      }));
      const page = await pageAcross(db, queries, search.limit, search.nextToken);
      return domainPage<Official>(page);
    },
    async counties() {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "COUNTIES" },
      });
      return items.map((i) => String(i.code));
    },
    async pageActiveEnterprises(shard, nextToken): Promise<Page<Enterprise>> {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": `ACTIVE#${shard}` },
          Limit: 500,
        },
        nextToken,
      );
      return domainPage<Enterprise>(page);
    },
    async isEmpty() {
      const page = await queryPage(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "COUNTIES" },
        Limit: 1,
      });
      return page.items.length === 0;
    },
  };
}
