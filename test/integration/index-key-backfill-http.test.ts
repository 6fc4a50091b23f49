import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, expectError, type Json, listAll, officialToken, startTestStack } from "./support";

/**
 * POST /v1/maintenance/index-keys: enterprises and officials written before their gsi3 keys existed (the
 * name search, the officials below a jurisdiction) get them from an admin-started migration that reads by
 * key condition, resumes from its cursor and writes each key once.
 */

const CATALOGUE = generateEnterprises({ count: 7, seed: 31, counties: ["530502", "530521"] });
const OFFICIALS = generateOfficials();
const ADMIN = OFFICIALS.find((o) => o.role === "admin" && o.jurisdictionCode === "530500") as Official;
const CITY = OFFICIALS.find((o) => o.role === "anweiban" && o.jurisdictionCode === "530500") as Official;
const INSPECTOR = OFFICIALS.find((o) => o.role === "inspector") as Official;

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
});

afterAll(async () => {
  await stack?.stop();
});

/** Makes the stored items look as they did before the keys existed. */
async function forgetKeys(keys: { pk: string; sk: string }[]) {
  for (const Key of keys)
    await stack.db.send(
      new UpdateCommand({ TableName: stack.table, Key, UpdateExpression: "REMOVE gsi3pk, gsi3sk" }),
    );
}

async function withKey(prefix: string): Promise<number> {
  let count = 0;
  for (const county of ["530502", "530521"]) {
    const out = await stack.db.send(
      new QueryCommand({
        TableName: stack.table,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :pk",
        ExpressionAttributeValues: { ":pk": `${prefix}${county}` },
      }),
    );
    count += out.Items?.length ?? 0;
  }
  return count;
}

describe("POST /v1/maintenance/index-keys", () => {
  it("gives old enterprises their name key and old officials their subtree key, step by step from the cursor, once", async () => {
    const cityOfficials = OFFICIALS.filter((o) => o.jurisdictionCode.startsWith("5305"));
    await forgetKeys([
      ...CATALOGUE.map((e) => ({ pk: `ENT#${e.creditCode}`, sk: "A#PROFILE" })),
      ...OFFICIALS.map((o) => ({ pk: `OFF#${officialId(o)}`, sk: "A#PROFILE" })),
    ]);
    const admin = await officialToken(stack.secret, ADMIN);
    const city = await officialToken(stack.secret, CITY);
    const first = CATALOGUE[0] as Enterprise;
    const byName = () =>
      listAll(api, "/v1/enterprises", { q: first.name.slice(0, 4) }, city).then((r) =>
        r.items.map((e: Json) => e.creditCode),
      );
    const below = () => listAll(api, "/v1/officials", { below: "true" }, city).then((r) => r.items);
    const beforeName = await byName();
    const beforeBelow = await below();

    // Small steps: the migration must stop and go on from its cursor many times.
    const steps: Json[] = [];
    let cursor: string | undefined;
    do {
      const res = await api("POST", "/v1/maintenance/index-keys", {
        token: admin,
        body: { budget: 150, ...(cursor ? { cursor } : {}) },
      });
      expect(res.status, res.text).toBe(200);
      steps.push(res.body);
      cursor = res.body.cursor;
    } while (cursor);
    // Resuming from a cursor already passed (a retried step) and running it all again write nothing.
    const middle = steps[0]?.cursor as string;
    const retried = await api("POST", "/v1/maintenance/index-keys", {
      token: admin,
      body: { budget: 5000, cursor: middle },
    });
    const again = await api("POST", "/v1/maintenance/index-keys", { token: admin, body: { budget: 5000 } });

    expect(beforeName).toEqual([]);
    expect(beforeBelow).toEqual([]);
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.at(-1)).toMatchObject({ done: true });
    expect(steps.slice(0, -1).every((s) => s.done === false && typeof s.cursor === "string")).toBe(true);
    expect(steps.reduce((n, s) => n + s.written, 0)).toBe(CATALOGUE.length + OFFICIALS.length);
    expect(retried.body.written).toBe(0);
    expect(again.body.written).toBe(0);
    expect(await withKey("ENTNAME#")).toBe(CATALOGUE.length);
    expect(await byName()).toContain(first.creditCode);
    expect((await below()).map((o: Json) => o.mobile).sort()).toEqual(
      cityOfficials.map((o) => o.mobile).sort(),
    );
  });

  it("is an admin's to start; a cursor it did not give answers 400 naming cursor", async () => {
    const admin = await officialToken(stack.secret, ADMIN);

    const byInspector = await api("POST", "/v1/maintenance/index-keys", {
      token: await officialToken(stack.secret, INSPECTOR),
      body: {},
    });
    const forged = await api("POST", "/v1/maintenance/index-keys", {
      token: admin,
      body: { cursor: Buffer.from(JSON.stringify({ ph: 7, i: -1 })).toString("base64url") },
    });
    const tooMuch = await api("POST", "/v1/maintenance/index-keys", {
      token: admin,
      body: { budget: 10_000 },
    });

    expectError(byInspector, 403, "forbidden");
    expectError(forged, 400, "invalid_input");
    expect(forged.body.error.fields).toEqual([{ path: "cursor", message: expect.stringMatching(/cursor/) }]);
    expectError(tooMuch, 400, "invalid_input");
    expect(tooMuch.body.error.fields[0].path).toBe("budget");
  });
});
