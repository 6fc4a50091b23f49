import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, enterpriseToken, expectError, officialToken, startTestStack } from "./support";

/**
 * 监管对象 through the HTTP API: officials list the enterprises of their jurisdiction county by county (by
 * name prefix, credit code, industry, department, status) and its officials, page by page with sealed
 * tokens; nothing of another jurisdiction ever appears, and asking for one is a 403.
 */

const LONGYANG = "530502";
const SHIDIAN = "530521";
const CHAOYANG = "110105";

const longyang = generateEnterprises({ count: 7, seed: 11, counties: [LONGYANG] });
const shidian = generateEnterprises({ count: 4, seed: 12, counties: [SHIDIAN] });
const beijing = generateEnterprises({ count: 3, seed: 13, counties: [CHAOYANG] });
const officials = generateOfficials();

let stack: Stack;
let api: Api;

const official = (role: Official["role"], jurisdiction: string) => {
  const found = officials.find((o) => o.role === role && o.jurisdictionCode === jurisdiction);
  if (!found) throw new Error(`no demo ${role} in ${jurisdiction}`);
  return officialToken(stack.secret, found);
};

type Summary = { creditCode: string; name: string; countyCode: string; status: string; industry: string };

/** Every item of a listing, following nextToken with small pages. */
async function all(token: string, path: string, limit = 2): Promise<Summary[]> {
  const items: Summary[] = [];
  let next: string | undefined;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await api(
      "GET",
      `${path}${sep}limit=${limit}${next ? `&nextToken=${encodeURIComponent(next)}` : ""}`,
      { token },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    next = res.body.nextToken;
  } while (next);
  return items;
}

const codes = (list: { creditCode: string }[]) => list.map((e) => e.creditCode).sort();

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([...longyang, ...shidian, ...beijing], officials);
});

afterAll(async () => {
  await stack?.stop();
});

describe("GET /v1/enterprises", () => {
  it("a county inspector pages through exactly the county's enterprises, each once", async () => {
    const listed = await all(await official("inspector", LONGYANG), "/v1/enterprises");
    expect(codes(listed)).toEqual(codes(longyang));
    expect(listed[0]).toEqual({
      creditCode: expect.any(String),
      name: expect.any(String),
      countyCode: LONGYANG,
      countyName: "隆阳区",
      industry: expect.any(String),
      supervisingDepartment: expect.any(String),
      status: "active",
      legalRepName: expect.any(String),
    });
  });

  it("a city's 安委办 sees its counties' enterprises and none of another province", async () => {
    const token = await official("anweiban", "530500");
    expect(codes(await all(token, "/v1/enterprises", 3))).toEqual(codes([...longyang, ...shidian]));
    expect(codes(await all(token, `/v1/enterprises?jurisdiction=${SHIDIAN}`))).toEqual(codes(shidian));
  });

  it("finds an enterprise by the beginning of its name, or by its credit code or the code's beginning", async () => {
    const token = await official("anweiban", "530500");
    const target = shidian[2] as Enterprise;
    const prefix = target.name.slice(0, target.name.length - 2);
    const byName = await all(token, `/v1/enterprises?q=${encodeURIComponent(prefix)}`);
    expect(codes(byName)).toContain(target.creditCode);
    for (const e of byName) expect(e.name.startsWith(prefix), e.name).toBe(true);
    expect(codes(await all(token, `/v1/enterprises?q=${target.creditCode.toLowerCase()}`))).toEqual([
      target.creditCode,
    ]);
    const byCodePrefix = await all(token, `/v1/enterprises?q=${target.creditCode.slice(0, 12)}`);
    expect(codes(byCodePrefix)).toContain(target.creditCode);
  });

  it("narrows by industry, supervising department and status", async () => {
    const token = await official("anweiban", LONGYANG);
    const sample = longyang[0] as Enterprise;
    const byIndustry = await all(token, `/v1/enterprises?industry=${sample.industry}`);
    expect(codes(byIndustry)).toEqual(codes(longyang.filter((e) => e.industry === sample.industry)));
    const department = sample.supervisingDepartment.split("、")[0] as string;
    const byDepartment = await all(token, `/v1/enterprises?department=${encodeURIComponent(department)}`);
    expect(codes(byDepartment)).toEqual(
      codes(longyang.filter((e) => e.supervisingDepartment.includes(department))),
    );
    const closing = await api("POST", `/v1/enterprises/${sample.creditCode}/status`, {
      token,
      body: { status: "closed", reason: "已注销" },
    });
    expect(closing.status, closing.text).toBe(200);
    expect(codes(await all(token, "/v1/enterprises?status=closed"))).toEqual([sample.creditCode]);
    expect(codes(await all(token, "/v1/enterprises?status=active"))).not.toContain(sample.creditCode);
  });

  it("refuses another jurisdiction (403), enterprises (403) and a token of another query (400)", async () => {
    const token = await official("anweiban", LONGYANG);
    expectError(await api("GET", `/v1/enterprises?jurisdiction=${SHIDIAN}`, { token }), 403);
    expectError(await api("GET", "/v1/enterprises?jurisdiction=110000", { token }), 403);
    const ent = await enterpriseToken(stack.secret, longyang[1] as Enterprise);
    expectError(await api("GET", "/v1/enterprises", { token: ent }), 403);
    const first = await api("GET", "/v1/enterprises?limit=1", { token });
    expect(first.body.nextToken).toEqual(expect.any(String));
    const other = `/v1/enterprises?limit=1&industry=other&nextToken=${encodeURIComponent(first.body.nextToken)}`;
    expectError(await api("GET", other, { token }), 400);
  });
});

describe("GET /v1/officials", () => {
  it("lists the officials of one jurisdiction, of a role or all of them, page by page", async () => {
    const token = await official("anweiban", "530500");
    const mine = officials.filter((o) => o.jurisdictionCode === LONGYANG);
    const listed = (await all(token, `/v1/officials?jurisdiction=${LONGYANG}`)) as unknown as Official[];
    expect(listed.map((o) => o.mobile).sort()).toEqual(mine.map((o) => o.mobile).sort());
    const inspectors = (await all(
      token,
      `/v1/officials?jurisdiction=${LONGYANG}&role=inspector`,
    )) as unknown as Official[];
    expect(inspectors.map((o) => o.role)).toEqual(
      mine.filter((o) => o.role === "inspector").map(() => "inspector"),
    );
    const own = await api("GET", "/v1/officials?role=anweiban", { token });
    expect(own.body.items).toEqual([
      expect.objectContaining({ role: "anweiban", jurisdiction: "530500", jurisdictionName: "保山市" }),
    ]);
  });

  it("with below=true lists the officials of the jurisdiction and every one below it, by jurisdiction, page by page", async () => {
    const city = await official("anweiban", "530500");
    const province = await official("anweiban", "530000");
    const belowCity = officials.filter((o) => o.jurisdictionCode.startsWith("5305"));
    type Listed = { mobile: string; jurisdiction: string };
    const mobiles = (list: { mobile: string }[]) => list.map((o) => o.mobile).sort();
    const list = async (token: string, path: string, limit: number) =>
      (await all(token, path, limit)) as unknown as Listed[];

    const byCity = await list(city, "/v1/officials?below=true", 3);
    const byProvince = await list(province, "/v1/officials?below=true", 4);
    const countyBelow = await list(city, `/v1/officials?jurisdiction=${LONGYANG}&below=true`, 2);
    const inspectorsBelow = await list(city, "/v1/officials?below=true&role=inspector", 2);

    expect(mobiles(byCity)).toEqual(mobiles(belowCity));
    // The county officials sit beside the city's own: a city sees its counties' people.
    expect(new Set(byCity.map((o) => o.jurisdiction))).toEqual(
      new Set(belowCity.map((o) => o.jurisdictionCode)),
    );
    expect(mobiles(byProvince)).toEqual(mobiles(officials));
    expect(mobiles(countyBelow)).toEqual(mobiles(officials.filter((o) => o.jurisdictionCode === LONGYANG)));
    expect(mobiles(inspectorsBelow)).toEqual(mobiles(belowCity.filter((o) => o.role === "inspector")));
    // Sorted by jurisdiction: the city's own first, then its counties in code order.
    const order = inspectorsBelow.map((o) => o.jurisdiction);
    expect(order).toEqual([...order].sort());
    expect(order[0]).toBe("530500");
    expectError(
      await api("GET", "/v1/officials?jurisdiction=530500&below=true", {
        token: await official("inspector", LONGYANG),
      }),
      403,
    );
    expectError(await api("GET", "/v1/officials?below=yes", { token: city }), 400);
  });

  it("refuses a jurisdiction outside the caller's (403) and enterprises (403)", async () => {
    expectError(
      await api("GET", "/v1/officials?jurisdiction=530500", { token: await official("inspector", LONGYANG) }),
      403,
    );
    const ent = await enterpriseToken(stack.secret, longyang[1] as Enterprise);
    expectError(await api("GET", "/v1/officials", { token: ent }), 403);
  });
});
