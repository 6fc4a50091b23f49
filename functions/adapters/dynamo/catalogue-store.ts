import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  type Enterprise,
  OFFICIAL_ROLES,
  type Official,
  officialId,
  type StoredOfficial,
} from "../../domain/catalogue";
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

export function officialItem(o: StoredOfficial) {
  return {
    pk: `OFF#${o.id}`,
    sk: PROFILE,
    type: "official",
    gsi1pk: `STAFF#${o.jurisdictionCode}#${o.role}`,
    gsi1sk: `${o.department}#${o.id}`,
    ...officialSubtreeKey(o),
    ...o,
  };
}

/**
 * An official as stored. A record written before ids became stable has no `id` (its key embedded the mobile
 * number): it reads as the official it is, with the id its natural key gives, until it is moved.
 */
function asOfficial(item: Record<string, unknown>): StoredOfficial {
  const o = stripKeys<Official & Partial<StoredOfficial>>(item);
  return { ...o, id: o.id ?? officialId(o), status: o.status ?? "active" };
}

/** One record per official: a moved record wins over its old copy left by a move cut short. */
function distinctOfficials(items: Record<string, unknown>[]): StoredOfficial[] {
  const byId = new Map<string, StoredOfficial>();
  for (const item of items) {
    const o = asOfficial(item);
    if (!byId.has(o.id) || item.id !== undefined) byId.set(o.id, o);
  }
  return [...byId.values()];
}

/** Audiences: only officials in office (a deactivated one keeps the record and is told nothing more). */
const IN_OFFICE = {
  FilterExpression: "attribute_not_exists(#status) OR #status = :active",
  ExpressionAttributeNames: { "#status": "status" },
};

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
  async function putCounty(code: string) {
    await db.send(new PutCommand({ TableName: table, Item: countyItem(code) }));
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
      const next = officials.map((o) => ({ ...o, id: officialId(o) }));
      const before = new Map(
        (
          await batchGet(
            db,
            table,
            next.map((o) => ({ pk: `OFF#${o.id}`, sk: PROFILE })),
          )
        ).map((i) => [String(i.id), asOfficial(i)]),
      );
      // An import updates contacts; it never reactivates a deactivated official (that is an admin's act).
      const stored: StoredOfficial[] = next.map((o) => {
        const prev = before.get(o.id);
        return {
          ...o,
          status: prev?.status ?? "active",
          ...(prev?.deactivation ? { deactivation: prev.deactivation } : {}),
        };
      });
      await batchPut(db, table, stored.map(officialItem));
      const created: string[] = [];
      const updated: string[] = [];
      const mobileChanged: { official: StoredOfficial; from: string }[] = [];
      for (const o of stored) {
        const prev = before.get(o.id);
        (prev ? updated : created).push(o.id);
        if (prev && prev.mobile !== o.mobile) mobileChanged.push({ official: o, from: prev.mobile });
      }
      return { created, updated, mobileChanged };
    },
    async getOfficial(id) {
      const out = await db.send(new GetCommand({ TableName: table, Key: { pk: `OFF#${id}`, sk: PROFILE } }));
      return out.Item ? asOfficial(out.Item) : undefined;
    },
    async replaceOfficial(next, expected) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: officialItem(next),
            ConditionExpression: "#status = :status AND mobile = :mobile",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":status": expected.status, ":mobile": expected.mobile },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async appendOfficialEvent(id, event) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `OFF#${id}`, sk: `LOG#${event.at}#${event.what}`, type: "official-event", event },
        }),
      );
    },
    async officialTimeline(id) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :log)",
        ExpressionAttributeValues: { ":pk": `OFF#${id}`, ":log": "LOG#" },
      });
      return items.map((i) => i.event as TimelineEvent);
    },
    async officialsOf(jurisdiction, role, department) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: department ? "gsi1pk = :pk AND begins_with(gsi1sk, :dept)" : "gsi1pk = :pk",
        ...IN_OFFICE,
        ExpressionAttributeValues: {
          ":pk": `STAFF#${jurisdiction}#${role}`,
          ":active": "active",
          ...(department ? { ":dept": `${department}#` } : {}),
        },
      });
      return distinctOfficials(items);
    },
    async migrateLegacyOfficials(jurisdictions) {
      let moved = 0;
      for (const jurisdiction of jurisdictions) {
        for (const role of Object.keys(OFFICIAL_ROLES)) {
          const items = await queryAll(db, {
            TableName: table,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            FilterExpression: "attribute_not_exists(id)",
            ExpressionAttributeValues: { ":pk": `STAFF#${jurisdiction}#${role}` },
          });
          for (const item of items) {
            // Put first, then delete: a stop in between leaves two copies that read as one, never none.
            // A record already moved (or written since by an import) keeps its newer state.
            try {
              await db.send(
                new PutCommand({
                  TableName: table,
                  Item: officialItem(asOfficial(item)),
                  ConditionExpression: "attribute_not_exists(pk)",
                }),
              );
            } catch (error) {
              if (!isConditionFailure(error)) throw error;
            }
            await db.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
            moved++;
          }
        }
      }
      return moved;
    },
    async hasMarker(name) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `MIGRATION#${name}`, sk: "A#META" } }),
      );
      return out.Item !== undefined;
    },
    async setMarker(name, at) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `MIGRATION#${name}`, sk: "A#META", type: "migration", at },
        }),
      );
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
    async searchOfficials(search: OfficialSearch): Promise<Page<StoredOfficial>> {
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
        return { ...domainPage<Official>(page), items: distinctOfficials(page.items) };
      }
      const queries = search.roles.map((role) => ({
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": `STAFF#${search.jurisdiction}#${role}` },
      }));
      const page = await pageAcross(db, queries, search.limit, search.nextToken);
      return { ...domainPage<Official>(page), items: distinctOfficials(page.items) };
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
