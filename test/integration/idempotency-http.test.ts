import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * `Idempotency-Key` on requests that create something: a retry with the same key and the same request is
 * answered with the first answer and creates nothing; the same key with another request is refused in
 * Chinese; keys belong to their caller and are kept for a day; a refused attempt lets its key go.
 */

const [ent, neighbour] = generateEnterprises({ count: 2, seed: 77, counties: ["530502"] }) as [
  Enterprise,
  Enterprise,
];
const hazard = {
  level: "general",
  title: "配电箱门锁损坏",
  description: "二车间配电箱门锁损坏，未上锁",
  foundAt: "2026-11-09T10:00:00+08:00",
  source: "self_inspection",
  rectifyBy: "2026-11-30",
};

let stack: Stack;
let api: Api;
let token: string;

const register = (key: string | undefined, body: object = hazard, as = token) =>
  api("POST", `/v1/enterprises/${ent.creditCode}/hazards`, {
    token: as,
    body,
    ...(key === undefined ? {} : { headers: { "Idempotency-Key": key } }),
  });

async function hazardsOfEnterprise(): Promise<{ id: string; title: string }[]> {
  const res = await api("GET", `/v1/hazards?creditCode=${ent.creditCode}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([ent, neighbour], generateOfficials());
  token = await enterpriseToken(stack.secret, ent);
});

afterAll(async () => {
  await stack?.stop();
});

describe("Idempotency-Key", () => {
  it("a retried 'register hazard' creates one hazard and answers the first answer again", async () => {
    const first = await register("retry-1");
    const retried = await register("retry-1");
    expect(first.status, first.text).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers?.get("idempotent-replayed")).toBe("true");
    expect(first.headers?.get("idempotent-replayed")).toBeNull();
    expect((await hazardsOfEnterprise()).map((h) => h.id)).toEqual([first.body.id]);
  });

  it("without a key every request creates; with a new key too", async () => {
    const before = (await hazardsOfEnterprise()).length;
    expect((await register(undefined)).status).toBe(201);
    expect((await register(undefined)).status).toBe(201);
    expect((await register("retry-2")).status).toBe(201);
    expect(await hazardsOfEnterprise()).toHaveLength(before + 3);
  });

  it("the same key with another request is refused (422, in Chinese) and creates nothing", async () => {
    const before = (await hazardsOfEnterprise()).length;
    const other = await register("retry-1", { ...hazard, title: "消防通道堵塞" });
    expectError(other, 422, "rule_violation");
    expect(other.body.error.reason).toBe("http.idempotency_key_reused");
    expect(await hazardsOfEnterprise()).toHaveLength(before);
  });

  it("a key belongs to its caller: another caller's same key is a request of its own", async () => {
    const official = await tokenFor(stack.secret, { role: "inspector", jurisdiction: "530502" });
    const before = (await hazardsOfEnterprise()).length;
    const theirs = await register("retry-1", hazard, official);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.headers?.get("idempotent-replayed")).toBeNull();
    expect(await hazardsOfEnterprise()).toHaveLength(before + 1);
  });

  it("a refused attempt lets its key go: the corrected request with the same key is made", async () => {
    const refused = await register("retry-3", { ...hazard, foundAt: "2026-11-12T10:00:00+08:00" });
    expectError(refused, 422);
    expect(refused.body.error.reason).not.toBe("http.idempotency_key_reused");
    const corrected = await register("retry-3");
    expect(corrected.status, corrected.text).toBe(201);
  });

  it("two attempts at once with one key create one hazard; the later is answered or told to wait (409)", async () => {
    const before = (await hazardsOfEnterprise()).length;
    const both = await Promise.all([register("retry-5"), register("retry-5")]);
    expect(both.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const r of both) expect([201, 409], r.text).toContain(r.status);
    expect(await hazardsOfEnterprise()).toHaveLength(before + 1);
  });

  it("a key that is not 1–128 visible ASCII characters is a 400 naming the header", async () => {
    const bad = await register("retry 4");
    expectError(bad, 400);
    expect(bad.body.error.fields).toEqual([{ path: "header.Idempotency-Key", message: expect.any(String) }]);
    expectError(await register("x".repeat(129)), 400);
  });

  it("a retried CSV import answers the same job", async () => {
    const admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530502" });
    const csv =
      "name,role,jurisdiction_code,department,mobile,email\n张三,inspector,530502,应急管理局,13700000999,\n";
    const send = () =>
      api("POST", "/v1/imports/officials", { token: admin, csv, headers: { "Idempotency-Key": "import-1" } });
    const first = await send();
    const retried = await send();
    expect(first.status, first.text).toBeLessThan(300);
    expect(retried.status).toBe(first.status);
    expect(retried.body.id).toBe(first.body.id);
  });

  it("an answer is kept for a day: after that the key is free again", async () => {
    await advanceTo(api, "2026-11-11T10:00:01+08:00");
    const again = await register("retry-1");
    expect(again.status, again.text).toBe(201);
    expect(again.headers?.get("idempotent-replayed")).toBeNull();
  });
});
