import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { AccidentList } from "../../functions/http/schemas";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  listAll,
  officialToken,
  startTestStack,
} from "./support";

/**
 * GET /v1/accidents?enterprise=<统一社会信用代码>: the cases of one enterprise, as its page in the console
 * shows them. The enterprise's profile is read first; one outside the caller's jurisdiction answers exactly
 * like one not in the catalogue.
 */

const CATALOGUE = generateEnterprises({ count: 6, seed: 707, counties: ["530502", "530521"] });
const OFFICIALS = generateOfficials();
const inCounty = (county: string) => CATALOGUE.filter((e) => e.countyCode === county);
const [OURS, NEIGHBOUR] = inCounty("530502") as [Enterprise, Enterprise];
const THEIRS = inCounty("530521")[0] as Enterprise;
/** A valid credit code that is not in the catalogue. */
const UNKNOWN_CODE = (generateEnterprises({ count: 1, seed: 98, counties: ["530502"] })[0] as Enterprise)
  .creditCode;

function officialOf(jurisdiction: string, role: Official["role"]): Official {
  const found = OFFICIALS.find((o) => o.jurisdictionCode === jurisdiction && o.role === role);
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return found;
}

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-01-05T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
});

afterAll(async () => {
  await stack?.stop();
});

async function openCase(by: Official, body: Record<string, unknown>): Promise<string> {
  const res = await api("POST", "/v1/accidents", {
    token: await officialToken(stack.secret, by),
    body: {
      occurredAt: "2026-01-02T14:00:00+08:00",
      level: "general",
      deaths: 0,
      injuries: 1,
      directLossYuan: 200_000,
      summary: "叉车倾覆，一人受伤",
      ...body,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

describe("GET /v1/accidents?enterprise=", () => {
  it("lists an enterprise's cases to the officials above it, page by page; another county's enterprise answers like an unknown one", async () => {
    const county = officialOf("530502", "anweiban");
    const other = officialOf("530521", "anweiban");
    const ours = [
      await openCase(county, { jurisdiction: "530502", enterpriseCreditCode: OURS.creditCode }),
      await openCase(county, {
        jurisdiction: "530502",
        enterpriseCreditCode: OURS.creditCode,
        occurredAt: "2026-01-04T09:00:00+08:00",
      }),
    ];
    const neighbours = await openCase(county, {
      jurisdiction: "530502",
      enterpriseCreditCode: NEIGHBOUR.creditCode,
    });
    const unattached = await openCase(county, { jurisdiction: "530502" });
    const theirs = await openCase(other, { jurisdiction: "530521", enterpriseCreditCode: THEIRS.creditCode });
    const countyToken = await officialToken(stack.secret, county);
    const cityToken = await officialToken(stack.secret, officialOf("530500", "anweiban"));

    const paged = await listAll(
      api,
      "/v1/accidents",
      { enterprise: OURS.creditCode, limit: "1" },
      countyToken,
    );
    const byCity = await listAll(api, "/v1/accidents", { enterprise: OURS.creditCode }, cityToken);
    const theirsByCity = await listAll(api, "/v1/accidents", { enterprise: THEIRS.creditCode }, cityToken);
    // The enterprise is not in the jurisdiction asked for: none of its cases is there.
    const elsewhere = await listAll(
      api,
      "/v1/accidents",
      { enterprise: OURS.creditCode, jurisdiction: "530521" },
      cityToken,
    );
    // Written as people type it: lowercase, with spaces around.
    const typed = await listAll(
      api,
      "/v1/accidents",
      { enterprise: ` ${OURS.creditCode.toLowerCase()} ` },
      countyToken,
    );
    const first = await api("GET", `/v1/accidents?enterprise=${OURS.creditCode}&limit=1`, {
      token: countyToken,
    });
    const tokenOfAnotherQuery = await api(
      "GET",
      `/v1/accidents?enterprise=${NEIGHBOUR.creditCode}&limit=1&nextToken=${first.body.nextToken}`,
      { token: countyToken },
    );
    const anotherCounty = await api("GET", `/v1/accidents?enterprise=${THEIRS.creditCode}`, {
      token: countyToken,
    });
    const unknown = await api("GET", `/v1/accidents?enterprise=${UNKNOWN_CODE}`, { token: countyToken });
    const byEnterprise = await api("GET", `/v1/accidents?enterprise=${OURS.creditCode}`, {
      token: await enterpriseToken(stack.secret, OURS),
    });

    expect(paged.pages.length).toBeGreaterThanOrEqual(2);
    expect(paged.items.map((a: Json) => a.id).sort()).toEqual([...ours].sort());
    expect(paged.items.every((a: Json) => a.enterpriseCreditCode === OURS.creditCode)).toBe(true);
    expect(byCity.items.map((a: Json) => a.id).sort()).toEqual([...ours].sort());
    expect(theirsByCity.items.map((a: Json) => a.id)).toEqual([theirs]);
    expect(elsewhere.items).toEqual([]);
    expect(typed.items.map((a: Json) => a.id).sort()).toEqual([...ours].sort());
    for (const id of [neighbours, unattached, theirs])
      expect(paged.items.map((a: Json) => a.id)).not.toContain(id);
    expect(AccidentList.parse(first.body)).toEqual(first.body);
    expectError(tokenOfAnotherQuery, 400);
    // Another county's enterprise: the same status, code and message as a credit code not in the catalogue.
    expectError(anotherCounty, 404, "not_found");
    expectError(unknown, 404, "not_found");
    expect(anotherCounty.body.error.message).toBe(
      unknown.body.error.message.replace(UNKNOWN_CODE, THEIRS.creditCode),
    );
    // Accident cases are the officials' to read, the enterprise's own included.
    expectError(byEnterprise, 403, "forbidden");
  });

  it("lists the cases the city and the province opened for the enterprise beside its county's, each to the officials who reach them", async () => {
    const county = officialOf("530502", "anweiban");
    const city = officialOf("530500", "anweiban");
    const province = officialOf("530000", "anweiban");
    const byCounty = await openCase(county, {
      jurisdiction: "530502",
      enterpriseCreditCode: NEIGHBOUR.creditCode,
    });
    const byCityCase = await openCase(city, {
      jurisdiction: "530500",
      enterpriseCreditCode: NEIGHBOUR.creditCode,
    });
    const byProvince = await openCase(province, {
      jurisdiction: "530000",
      enterpriseCreditCode: NEIGHBOUR.creditCode,
      level: "larger",
      deaths: 3,
    });
    // The city's own case of another enterprise stays out: the city's range is read exactly, not by prefix.
    const cityOther = await openCase(city, { jurisdiction: "530500", enterpriseCreditCode: OURS.creditCode });
    const list = async (by: Official, query: Record<string, string> = {}) =>
      (
        await listAll(
          api,
          "/v1/accidents",
          { enterprise: NEIGHBOUR.creditCode, limit: "1", ...query },
          await officialToken(stack.secret, by),
        )
      ).items.map((a: Json) => a.id);

    const seenByCounty = await list(county);
    const seenByCity = await list(city);
    const seenByProvince = await list(province);
    const cityAskingCounty = await list(city, { jurisdiction: "530502" });

    expect(seenByProvince).toEqual(expect.arrayContaining([byCounty, byCityCase, byProvince]));
    expect(seenByCity).toEqual(expect.arrayContaining([byCounty, byCityCase]));
    expect(seenByCity).not.toContain(byProvince);
    // A county official does not reach a case of the city or the province (GET /v1/accidents/{id} is 404).
    expect(seenByCounty).toContain(byCounty);
    expect(seenByCounty).not.toContain(byCityCase);
    expect(seenByCounty).not.toContain(byProvince);
    // Asked for the county only: the cases its county opened.
    expect(cityAskingCounty).toContain(byCounty);
    expect(cityAskingCounty).not.toContain(byCityCase);
    for (const ids of [seenByCounty, seenByCity, seenByProvince]) expect(ids).not.toContain(cityOther);
    expect(new Set(seenByProvince).size).toBe(seenByProvince.length);
  });

  it("refuses a malformed credit code, naming query.enterprise in Chinese", async () => {
    const res = await api("GET", "/v1/accidents?enterprise=91530502ABC", {
      token: await officialToken(stack.secret, officialOf("530502", "anweiban")),
    });

    expectError(res, 400, "invalid_input");
    expect(res.body.error.fields).toEqual([
      { path: "query.enterprise", message: expect.stringMatching(/\p{Script=Han}/u) },
    ]);
  });
});
