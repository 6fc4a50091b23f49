import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Enterprise,
  legacyOfficialId,
  type Official,
  officialId,
} from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { moveLegacyOfficials } from "../../functions/domain/official-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * An official's lifecycle through the HTTP API: an admin deactivates (停用) and reactivates an official, every
 * audience skips a deactivated one, the record and its timeline stay; the id is stable and without the
 * mobile number, so a new number by import keeps the same official; records stored under the old id (with
 * the mobile number) read as the same official and are moved once.
 */

/** The embedded stack's table (local/stack.ts). */
const TABLE = "duban";
const NOW = "2026-11-10T10:00:00+08:00";
const OFFICIALS = generateOfficials();
const DEPARTMENT = "应急管理局";
const A: Enterprise = {
  ...(generateEnterprises({ count: 1, seed: 808, counties: ["530502"] })[0] as Enterprise),
  supervisingDepartment: DEPARTMENT,
};
const find = (jurisdiction: string, role: Official["role"], department?: string) =>
  OFFICIALS.filter(
    (o) =>
      o.jurisdictionCode === jurisdiction && o.role === role && (!department || o.department === department),
  );
const [leaving, staying] = find("530502", "inspector", DEPARTMENT) as [Official, Official];
const cityAdmin = find("530500", "admin")[0] as Official;
const provinceOffice = find("530000", "anweiban")[0] as Official;

/** A token as `duban token` makes it for a demo official: `sub` is the official's stable id. */
const officialToken = (secret: Uint8Array, o: Official) =>
  tokenFor(secret, { role: o.role, jurisdiction: o.jurisdictionCode, sub: officialId(o) });

let stack: Stack;
let api: Api;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack({ now: NOW });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([A], OFFICIALS);
  admin = await officialToken(stack.secret, cityAdmin);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const hazard = (title: string) => ({
  level: "major",
  title,
  description: "储罐区可燃气体报警器失效",
  foundAt: "2026-11-09T10:00:00+08:00",
  source: "self_inspection",
});

/** Who was told by SMS that the major hazard of this title was registered. */
async function toldOfHazard(title: string): Promise<string[]> {
  const res = await api("POST", `/v1/enterprises/${A.creditCode}/hazards`, {
    token: await enterpriseToken(stack.secret, A),
    body: hazard(title),
  });
  expect(res.status, res.text).toBe(201);
  return stack.sms
    .list()
    .filter((m) => m.params.hazard === title)
    .map((m) => m.to)
    .sort();
}

const change = (action: "deactivate" | "reactivate", o: Official, token: string, reason = "调离监管岗位") =>
  api("POST", `/v1/officials/${officialId(o)}/${action}`, { token, body: { reason } });

describe("an official's lifecycle", () => {
  it("an admin over the county deactivates an inspector: the record says 已停用 with who and why, the list shows it, and a major hazard registered afterwards tells only the inspector still in office", async () => {
    expect(await toldOfHazard("液氨储罐区报警器失效")).toEqual([leaving.mobile, staying.mobile].sort());

    const res = await change("deactivate", leaving, admin);

    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      id: officialId(leaving),
      name: leaving.name,
      status: "inactive",
      deactivation: { reason: "调离监管岗位", by: officialId(cityAdmin) },
    });
    expect(res.body.timeline.map((e: Json) => [e.what, e.label, e.details.reason])).toEqual([
      ["deactivated", "停用（不再接收通知）", "调离监管岗位"],
    ]);
    const list = await api("GET", "/v1/officials?jurisdiction=530502&role=inspector", { token: admin });
    expect(list.body.items.find((o: Json) => o.id === officialId(leaving))).toMatchObject({
      status: "inactive",
    });
    expect(list.body.items.find((o: Json) => o.id === officialId(staying))).toMatchObject({
      status: "active",
    });
    expect(await toldOfHazard("液化气瓶库通风失效")).toEqual([staying.mobile]);
  });

  it("deactivating again is a 409 naming the status; a county inspector may not (403); an official outside the admin's city answers 404 as if it did not exist", async () => {
    const again = await change("deactivate", leaving, admin);
    const byInspector = await change("deactivate", staying, await officialToken(stack.secret, staying));
    const outside = await change("deactivate", provinceOffice, admin);
    const unknown = await api("POST", "/v1/officials/OF-0123456789abcdef/deactivate", {
      token: admin,
      body: { reason: "调离" },
    });
    const badId = await api("POST", "/v1/officials/530502:inspector:13700000001/deactivate", {
      token: admin,
      body: { reason: "调离" },
    });

    expectError(again, 409, "conflict");
    expect(again.body.error.message).toContain("已停用");
    expectError(byInspector, 403, "forbidden");
    expectError(outside, 404, "not_found");
    expect(outside.body.error.message).toBe(
      unknown.body.error.message.replace("OF-0123456789abcdef", officialId(provinceOffice)),
    );
    expectError(badId, 400, "invalid_input");
    expect(badId.body.error.fields[0].path).toBe("path.officialId");
  });

  it("an admin may not deactivate themself", async () => {
    const res = await change("deactivate", cityAdmin, admin);

    expectError(res, 422);
    expect((await api("GET", `/v1/officials/${officialId(cityAdmin)}`, { token: admin })).body.status).toBe(
      "active",
    );
  });

  it("the deactivated inspector's token stops working: every call is a 401 saying the account is deactivated, while a colleague's token works", async () => {
    const token = await officialToken(stack.secret, leaving);

    const me = await api("GET", "/v1/me", { token });
    const reports = await api("GET", "/v1/monthly-reports?period=2026-10", { token });
    const colleague = await api("GET", "/v1/me", { token: await officialToken(stack.secret, staying) });

    for (const res of [me, reports]) {
      expectError(res, 401, "unauthenticated");
      expect(res.body.error.message).toBe("您的账号已停用，登录令牌不再有效；如需恢复请联系管理员");
    }
    expect(colleague.status, colleague.text).toBe(200);
  });

  it("reactivated, the inspector hears of the next major hazard again, and the timeline keeps both changes", async () => {
    const refused = await api("GET", "/v1/me", { token: await officialToken(stack.secret, leaving) });
    const res = await change("reactivate", leaving, admin, "回到监管岗位");
    const restored = await api("GET", "/v1/me", { token: await officialToken(stack.secret, leaving) });

    expect(refused.status).toBe(401);
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body).toMatchObject({ sub: officialId(leaving), name: leaving.name });

    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe("active");
    expect(res.body.deactivation).toBeUndefined();
    expect(res.body.timeline.map((e: Json) => e.what)).toEqual(["deactivated", "reactivated"]);
    expect(await toldOfHazard("硫酸储罐液位计失灵")).toEqual([leaving.mobile, staying.mobile].sort());
  });

  it("a new mobile number by import keeps the same official (id, status, history) and is written in its timeline; the import never reactivates", async () => {
    await change("deactivate", staying, admin, "长期病休");
    const csv = [
      "name,role,jurisdiction_code,department,mobile,email",
      `${staying.name},inspector,530502,${DEPARTMENT},+86 137-0000-9999,`,
    ].join("\n");

    const imported = await api("POST", "/v1/imports/officials", { token: admin, csv });
    const after = await api("GET", `/v1/officials/${officialId(staying)}`, { token: admin });

    expect(imported.body).toMatchObject({ imported: 0, updated: 1, rejected: [] });
    expect(after.body).toMatchObject({ id: officialId(staying), mobile: "13700009999", status: "inactive" });
    expect(after.body.timeline.map((e: Json) => [e.what, e.details])).toEqual([
      ["deactivated", expect.objectContaining({ reason: "长期病休" })],
      ["mobile changed", { from: staying.mobile, to: "13700009999" }],
    ]);
    await change("reactivate", staying, admin, "病休结束");
    expect(await toldOfHazard("氯气泄漏报警器失效")).toEqual([leaving.mobile, "13700009999"].sort());
  });

  it("an official stored under the old id (jurisdiction, role, mobile) reads as the same official, keeps its token working, and is moved to the stable id once", async () => {
    const old: Official = {
      name: "孙八",
      role: "leader",
      jurisdictionCode: "530502",
      department: "区人民政府",
      mobile: "13700008888",
      email: "sun@example.gov.cn",
    };
    const legacyKey = { pk: `OFF#${legacyOfficialId(old)}`, sk: "A#PROFILE" };
    await stack.db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...legacyKey,
          type: "official",
          gsi1pk: "STAFF#530502#leader",
          gsi1sk: `区人民政府#${legacyOfficialId(old)}`,
          ...old,
        },
      }),
    );
    const oldToken = await tokenFor(stack.secret, {
      role: "leader",
      jurisdiction: "530502",
      sub: legacyOfficialId(old),
    });

    const listed = await api("GET", "/v1/officials?jurisdiction=530502&role=leader", { token: admin });
    const me = await api("GET", "/v1/me", { token: oldToken });
    expect(listed.body.items.find((o: Json) => o.name === "孙八")).toMatchObject({
      id: officialId(old),
      status: "active",
    });
    expect(me.body.name).toBe("孙八");

    // The stack ran the move at start (nothing to move then) and marked it done; a store that still holds
    // old records has no mark yet.
    expect(await moveLegacyOfficials(stack.deps)).toBe(0);
    await stack.db.send(
      new DeleteCommand({ TableName: TABLE, Key: { pk: "MIGRATION#officials-stable-id", sk: "A#META" } }),
    );
    expect(await moveLegacyOfficials(stack.deps)).toBe(1);
    expect(await moveLegacyOfficials(stack.deps)).toBe(0);
    expect(await stack.deps.catalogue.migrateLegacyOfficials(["530502"])).toBe(0);

    expect((await stack.db.send(new GetCommand({ TableName: TABLE, Key: legacyKey }))).Item).toBeUndefined();
    const moved = await api("GET", `/v1/officials/${officialId(old)}`, { token: admin });
    expect(moved.body).toMatchObject({ name: "孙八", mobile: old.mobile, status: "active" });
    const leaders = await api("GET", "/v1/officials?jurisdiction=530502&role=leader", { token: admin });
    expect(leaders.body.items.filter((o: Json) => o.name === "孙八")).toHaveLength(1);
  });
});
