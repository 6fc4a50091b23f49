import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { type Enterprise, OFFICIAL_ROLES, type Official } from "../../domain/catalogue";
import { InvalidInput } from "../../domain/errors";
import { allJurisdictions, provinceOf } from "../../domain/jurisdiction";
import { message, said } from "../../domain/messages";
import type { IndexKeyBackfillStep } from "../../domain/ports";
import {
  decodeToken,
  encodeToken,
  isConditionFailure,
  queryAll,
  queryPage,
  stripKeys,
  TokenError,
} from "./batch";

/**
 * Writes the index keys that items written before the key existed lack: an enterprise's name key (gsi3
 * `ENTNAME#<county>`, the 监管对象 name search) and an official's subtree key (gsi3 `STAFFIN#<province>`,
 * `GET /v1/officials?below=true`). A migration an operator starts (`npm run migrate:index-keys`), never a
 * sweep: every read is a key condition — enterprises county by county from the counties registry, officials
 * jurisdiction by jurisdiction and role from the GB/T 2260 table (the provinces holding enterprises) — and every write is one conditional update
 * that only adds keys an item lacks, so running it twice, or resuming it from any cursor, changes nothing more.
 *
 * The work of one call is bounded by `budget` (queries plus items read); the cursor says where the next call
 * goes on. An item written again meanwhile by an import already carries its keys and is passed over.
 */
export function createIndexKeyBackfill(
  db: DynamoDBDocumentClient,
  table: string,
  keys: {
    enterprise: (e: Enterprise) => { gsi3pk: string; gsi3sk: string };
    official: (o: Official) => { gsi3pk: string; gsi3sk: string };
  },
) {
  /** Adds the keys unless the item already has them (or is gone): true when it wrote. */
  async function addKeys(item: Record<string, unknown>, add: { gsi3pk: string; gsi3sk: string }) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "SET gsi3pk = :pk, gsi3sk = :sk",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(gsi3pk)",
          ExpressionAttributeValues: { ":pk": add.gsi3pk, ":sk": add.gsi3sk },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function counties(): Promise<string[]> {
    const items = await queryAll(db, {
      TableName: table,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "COUNTIES" },
    });
    return items.map((c) => String(c.code)).sort();
  }

  /**
   * Enterprises: each registered county's listing. Officials: every jurisdiction × role of the provinces
   * that hold enterprises (GB/T 2260 table; a province's ~150 jurisdictions) — officials of a province
   * without a single enterprise supervise nothing yet and get their keys when imported again.
   */
  async function partitions(phase: Phase): Promise<string[]> {
    const registered = await counties();
    if (phase === 0) return registered.map((c) => `COUNTY#${c}`);
    const provinces = new Set(registered.map(provinceOf));
    const roles = Object.keys(OFFICIAL_ROLES);
    return allJurisdictions()
      .map((j) => j.code)
      .filter((code) => provinces.has(provinceOf(code)))
      .sort()
      .flatMap((code) => roles.map((role) => `STAFF#${code}#${role}`));
  }

  return async function step(cursor: string | undefined, budget: number): Promise<IndexKeyBackfillStep> {
    let at: Position | undefined = openCursor(cursor);
    const lists = new Map<Phase, string[]>();
    let spent = 0;
    let read = 0;
    let written = 0;
    while (at && spent < budget) {
      const list = lists.get(at.ph) ?? (await partitions(at.ph));
      lists.set(at.ph, list);
      if (at.i >= list.length) {
        at = at.ph === 0 ? { ph: 1, i: 0 } : undefined;
        continue;
      }
      const page = await readPage(list[at.i] as string, at, Math.max(1, Math.min(100, budget - spent - 1)));
      spent += 1 + page.items.length;
      read += page.items.length;
      for (const item of page.items) {
        const add =
          at.ph === 0
            ? keys.enterprise(stripKeys<Enterprise>(item))
            : keys.official(stripKeys<Official>(item));
        if (!item.gsi3pk && (await addKeys(item, add))) written++;
      }
      at = page.nextToken ? { ...at, k: page.nextToken } : { ph: at.ph, i: at.i + 1 };
    }
    return { read, written, ...(at ? { cursor: encodeToken(at) } : {}) };
  };

  async function readPage(partition: string, at: Position, limit: number) {
    try {
      return await queryPage(
        db,
        {
          TableName: table,
          IndexName: "gsi1",
          KeyConditionExpression: at.ph === 0 ? "gsi1pk = :pk AND begins_with(gsi1sk, :ent)" : "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": partition, ...(at.ph === 0 ? { ":ent": "ENT#" } : {}) },
          Limit: limit,
        },
        at.k,
      );
    } catch (error) {
      if (error instanceof TokenError) throw badCursor();
      throw error;
    }
  }
}

type Phase = 0 | 1;
/** Phase (0 enterprises, 1 officials), the partition's index in the phase's sorted list, where in it. */
const Position = z
  .object({
    ph: z.union([z.literal(0), z.literal(1)]),
    i: z.number().int().min(0).max(1_000_000),
    k: z.string().max(1000).optional(),
  })
  .strict();
type Position = z.infer<typeof Position>;

function openCursor(cursor: string | undefined): Position {
  if (cursor === undefined) return { ph: 0, i: 0 };
  try {
    return decodeToken(cursor, Position) ?? { ph: 0, i: 0 };
  } catch {
    throw badCursor();
  }
}

function badCursor() {
  return new InvalidInput(said("maintenance.cursor_invalid"), [
    { path: "cursor", message: message("field.backfill_cursor") },
  ]);
}
