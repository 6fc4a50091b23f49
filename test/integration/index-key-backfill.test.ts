import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { InvalidInput } from "../../functions/domain/errors";
import type { IndexKeyBackfillStep } from "../../functions/domain/ports";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, type Json, listAll, officialToken, startTestStack } from "./support";

const run = promisify(execFile);

/**
 * The index-key migration (`npm run migrate:index-keys`): enterprises and officials written before their gsi3
 * keys existed (the name search, the officials below a jurisdiction) get them from a migration an operator
 * starts, which reads by key condition, resumes from its cursor and writes each key once.
 */

const CATALOGUE = generateEnterprises({ count: 7, seed: 31, counties: ["530502", "530521"] });
const OFFICIALS = generateOfficials();
const CITY = OFFICIALS.find((o) => o.role === "anweiban" && o.jurisdictionCode === "530500") as Official;

let stack: Stack;

/** The operator's command against the embedded stack's table: one JSON line per step. */
async function runScript(): Promise<Json[]> {
  const { stdout } = await run("npx", [
    "tsx",
    "local/migrate-index-keys.ts",
    "--table",
    stack.table,
    "--endpoint",
    stack.urls.dynamo,
    "--budget",
    "5000",
  ]);
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}
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

describe("the index-key migration", () => {
  it("gives old enterprises their name key and old officials their subtree key, step by step from the cursor, once", async () => {
    const cityOfficials = OFFICIALS.filter((o) => o.jurisdictionCode.startsWith("5305"));
    await forgetKeys([
      ...CATALOGUE.map((e) => ({ pk: `ENT#${e.creditCode}`, sk: "A#PROFILE" })),
      ...OFFICIALS.map((o) => ({ pk: `OFF#${officialId(o)}`, sk: "A#PROFILE" })),
    ]);
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
    const migrate = (cursor: string | undefined, budget: number) =>
      stack.deps.catalogue.backfillIndexKeys(cursor, budget);
    const steps: IndexKeyBackfillStep[] = [];
    let cursor: string | undefined;
    do {
      const step = await migrate(cursor, 150);
      steps.push(step);
      cursor = step.cursor;
    } while (cursor);
    // Resuming from a cursor already passed (a retried step) and running it all again write nothing.
    const retried = await migrate(steps[0]?.cursor, 5000);
    const again = await runScript();

    expect(beforeName).toEqual([]);
    expect(beforeBelow).toEqual([]);
    expect(steps.length).toBeGreaterThan(2);
    expect(steps.at(-1)?.cursor).toBeUndefined();
    expect(steps.slice(0, -1).every((s) => typeof s.cursor === "string")).toBe(true);
    expect(steps.reduce((n, s) => n + s.written, 0)).toBe(CATALOGUE.length + OFFICIALS.length);
    expect(retried.written).toBe(0);
    expect(again.at(-1)).toMatchObject({ written: 0, done: true });
    expect(await withKey("ENTNAME#")).toBe(CATALOGUE.length);
    expect(await byName()).toContain(first.creditCode);
    expect((await below()).map((o: Json) => o.mobile).sort()).toEqual(
      cityOfficials.map((o) => o.mobile).sort(),
    );
  });

  it("moves an unfiled record listed the old way (missing#, not marked overdue) to not_yet_due#, once", async () => {
    const e = CATALOGUE[0] as Enterprise;
    const Key = { pk: `ENT#${e.creditCode}`, sk: "F#monthly-self-inspection#2026-11" };
    const read = async () =>
      String((await stack.db.send(new GetCommand({ TableName: stack.table, Key }))).Item?.gsi1sk);
    const listed = await read();
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.table,
        Key,
        UpdateExpression: "SET gsi1sk = :old",
        ExpressionAttributeValues: { ":old": listed.replace(/^not_yet_due#/, "missing#") },
      }),
    );

    const first = await runScript();
    const moved = await read();
    const again = await runScript();

    expect(listed).toBe(`not_yet_due#${e.countyCode}#${e.creditCode}`);
    expect(first.at(-1)).toMatchObject({ written: 1, done: true });
    expect(moved).toBe(listed);
    expect(again.at(-1)).toMatchObject({ written: 0, done: true });
  });

  it("refuses a cursor it did not give, naming cursor in Chinese", async () => {
    const forged = Buffer.from(JSON.stringify({ ph: 7, i: -1 })).toString("base64url");

    const refused = await stack.deps.catalogue.backfillIndexKeys(forged, 10).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).fields).toEqual([
      { path: "cursor", message: expect.stringMatching(/\p{Script=Han}/u) },
    ]);
  });
});
