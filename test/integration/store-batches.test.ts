import { BatchWriteItemCommand, DeleteTableCommand, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/adapters/dynamo/client";
import { ensureTable, type RunningDynalite, startDynalite } from "../../local/dynamo";
import { cleanUpProcesses, tempDir } from "./process";

/**
 * The local store answers BatchWriteItem and BatchGetItem with one LevelDB batch and one `getMany` per
 * request (local/dynalite-batches.ts) instead of an item action each: what it answers must be what
 * DynamoDB answers — items replaced whole with their index entries moved, deletes leaving no index entry,
 * duplicate keys refused, batch reads returning the items found — on disk (in the store's process or in
 * this one) and in memory.
 */

const TABLE = "duban";
afterAll(cleanUpProcesses);

const stores: [string, () => Promise<RunningDynalite>][] = [
  ["on disk, in its own process", () => startDynalite({ path: tempDir("store-batches") })],
  ["on disk, in this process", () => startDynalite({ path: tempDir("store-batches"), inProcess: true })],
  ["in memory", () => startDynalite({})],
];

describe.each(stores)("the local store's batches, %s", (_name, start) => {
  it("writes, replaces and deletes items with their index entries, and reads them back", async () => {
    const dynamo = await start();
    await ensureTable(dynamo.endpoint, TABLE);
    const db = documentClient({ tableName: TABLE, endpoint: dynamo.endpoint });
    const write = (requests: Record<string, unknown>[]) =>
      db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
    const owed = (i: number) => ({
      pk: `ENT#${i}`,
      sk: "F#m#2026-10",
      gsi1pk: "FILING#m#2026-10",
      gsi1sk: `missing#${String(i).padStart(2, "0")}`,
      gsi2pk: "OWED#m#2026-10",
      gsi2sk: String(i).padStart(2, "0"),
      status: "missing",
    });
    const indexed = async (index: "gsi1" | "gsi2", pk: string) =>
      (
        await db.send(
          new QueryCommand({
            TableName: TABLE,
            IndexName: index,
            KeyConditionExpression: `${index}pk = :pk`,
            ExpressionAttributeValues: { ":pk": pk },
          }),
        )
      ).Items ?? [];
    try {
      await write(Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: owed(i) } })));
      // The first ten filed: out of the sparse index, their listing entry under the new status.
      await write(
        Array.from({ length: 10 }, (_, i) => ({
          PutRequest: {
            Item: {
              ...owed(i),
              gsi2pk: undefined,
              gsi2sk: undefined,
              gsi1sk: `on_time#${i}`,
              status: "on_time",
            },
          },
        })),
      );
      await write([{ DeleteRequest: { Key: { pk: "ENT#24", sk: "F#m#2026-10" } } }]);

      const listing = await indexed("gsi1", "FILING#m#2026-10");
      expect(listing).toHaveLength(24);
      expect(listing.filter((i) => i.status === "on_time").map((i) => i.gsi1sk)).toEqual(
        Array.from({ length: 10 }, (_, i) => `on_time#${i}`),
      );
      expect(
        listing.filter((i) => String(i.gsi1sk).startsWith("missing")).every((i) => i.status === "missing"),
      ).toBe(true);
      expect((await indexed("gsi2", "OWED#m#2026-10")).map((i) => i.pk)).toEqual(
        Array.from({ length: 14 }, (_, i) => `ENT#${i + 10}`),
      );
      const filed = await db.send(
        new GetCommand({ TableName: TABLE, Key: { pk: "ENT#3", sk: "F#m#2026-10" } }),
      );
      expect(filed.Item).toMatchObject({ status: "on_time", gsi1sk: "on_time#3" });
      expect(filed.Item).not.toHaveProperty("gsi2pk");

      const read = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: ["ENT#1", "ENT#24", "ENT#20", "ENT#99"].map((pk) => ({ pk, sk: "F#m#2026-10" })),
            },
          },
        }),
      );
      expect((read.Responses?.[TABLE] ?? []).map((i) => [i.pk, i.status]).sort()).toEqual([
        ["ENT#1", "on_time"],
        ["ENT#20", "missing"],
      ]);

      const twice = { PutRequest: { Item: owed(1) } };
      await expect(write([twice, twice])).rejects.toThrow(/duplicates/);
      await expect(write([{ PutRequest: { Item: { pk: "ENT#1" } } }])).rejects.toThrow(/key/);

      // The table's description is kept in memory between requests: dropped and made again, the table
      // is the new one (empty), and a batch writes into it.
      await db.send(new DeleteTableCommand({ TableName: TABLE }));
      await expect(write([{ PutRequest: { Item: owed(1) } }])).rejects.toThrow(/not found/);
      await ensureTable(dynamo.endpoint, TABLE);
      await write([{ PutRequest: { Item: owed(2) } }]);
      const all = await db.send(new ScanCommand({ TableName: TABLE }));
      expect((all.Items ?? []).map((i) => i.pk)).toEqual(["ENT#2"]);
    } finally {
      db.destroy();
      await dynamo.stop();
    }
  });

  it("answers what dynalite answers for batches past the front door's fast path (local/dynalite-front.ts)", async () => {
    const dynamo = await start();
    await ensureTable(dynamo.endpoint, TABLE);
    const db = documentClient({ tableName: TABLE, endpoint: dynamo.endpoint });
    const raw = db as unknown as { send: DynamoDBDocumentClient["send"] };
    const put = (item: Record<string, unknown>) =>
      raw.send(
        new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: item as never } }] } }),
      );
    const get = async (pk: string) =>
      (await raw.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: pk }, sk: { S: "A" } } }))).Item;
    try {
      // Every kind of value the document client writes, nested, comes back as written.
      const item = {
        pk: "ENT#kinds",
        sk: "A",
        text: "隆阳区",
        empty: "",
        count: 12,
        ratio: -0.25,
        flag: false,
        nothing: null,
        tags: new Set(["a", "b"]),
        nested: { list: [1, "x", { deep: true }], map: { a: [] } },
      };
      await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: item } }] } }));
      const back = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: "ENT#kinds", sk: "A" } }));
      expect(back.Item).toEqual(item);

      // Numbers dynalite normalises go its way, and are stored normalised.
      await put({ pk: { S: "ENT#n" }, sk: { S: "A" }, n: { N: "1.50" }, e: { N: "1e3" }, z: { N: "-0.0" } });
      expect(await get("ENT#n")).toMatchObject({ n: { N: "1.5" }, e: { N: "1000" } });
      // Numbers past DynamoDB's range or precision, empty values, two kinds in one value: refused.
      await expect(put({ pk: { S: "ENT#n" }, sk: { S: "A" }, n: { N: "1e-200" } })).rejects.toThrow(
        /underflow/,
      );
      await expect(put({ pk: { S: "ENT#n" }, sk: { S: "A" }, n: { N: "1".repeat(39) } })).rejects.toThrow(
        /38 significant digits/,
      );
      await expect(put({ pk: { S: "ENT#n" }, sk: { S: "A" }, v: {} })).rejects.toThrow(/empty/);
      await expect(put({ pk: { S: "ENT#n" }, sk: { S: "A" }, v: { S: "a", N: "1" } })).rejects.toThrow(
        /more than one datatypes/,
      );
      await expect(put({ pk: { S: "" }, sk: { S: "A" } })).rejects.toThrow(/empty string/);
      expect(await get("ENT#n")).toMatchObject({ n: { N: "1.5" } });

      // The item size limit: 400 KB.
      await expect(
        db.send(
          new BatchWriteCommand({
            RequestItems: {
              [TABLE]: [{ PutRequest: { Item: { pk: "ENT#big", sk: "A", text: "x".repeat(410_000) } } }],
            },
          }),
        ),
      ).rejects.toThrow(/maximum allowed size/);
      expect(await get("ENT#big")).toBeUndefined();

      // Batch reads: duplicate keys and more than 100 keys refused, as DynamoDB does.
      const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `ENT#${i}`, sk: "A" }));
      const read = (Keys: Record<string, unknown>[]) =>
        db.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys } } }));
      await expect(read([...keys(2), ...keys(1)])).rejects.toThrow(/duplicates/);
      await expect(read(keys(101))).rejects.toThrow(/less than or equal to 100/);
      const found = await read([{ pk: "ENT#kinds", sk: "A" }, ...keys(99)]);
      expect(found.Responses?.[TABLE]).toEqual([item]);
      // A table that does not exist.
      await expect(
        db.send(new BatchGetCommand({ RequestItems: { nowhere: { Keys: keys(1) } } })),
      ).rejects.toThrow(/not found/);
    } finally {
      db.destroy();
      await dynamo.stop();
    }
  });
});
