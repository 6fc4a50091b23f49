import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  type Json,
  listAll,
  reportBody,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * Pages of `GET /v1/monthly-reports` by status are full: `missing` and `not_yet_due` are key conditions
 * (an unfiled record is listed as not yet due until the close marks it overdue), so a page of `limit` N
 * holds N records whenever N more exist, and the last page carries no nextToken.
 */

const PERIOD = "2026-10";
const CATALOGUE = generateEnterprises({ count: 30, seed: 3025, counties: ["530502", "530521"] });
const FILERS = CATALOGUE.slice(0, 25);
const NON_FILERS = CATALOGUE.slice(25).map((e) => e.creditCode);

let stack: Stack;
let api: Api;
let token: string;
const seen: Record<string, { items: Json[]; pages: Json[][] }> = {};

const list = (status: string) =>
  listAll(api, "/v1/monthly-reports", { period: PERIOD, status, limit: "2" }, token);

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-20T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  token = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530500" });
  await createCatalogueService(stack.deps).load(CATALOGUE, generateOfficials());
  await advanceTo(api, "2026-11-02T10:00:00+08:00");
  for (const e of FILERS) {
    const res = await api("PUT", `/v1/enterprises/${e.creditCode}/monthly-reports/${PERIOD}`, {
      token: await enterpriseToken(stack.secret, e),
      body: reportBody(e),
    });
    expect(res.status, res.text).toBeLessThan(300);
  }
  seen.notYetDue = await list("not_yet_due");
  seen.missingBefore = await list("missing");
  seen.owedBefore = await list("owed");
  // The close at 00:00 on the 6th marks the five non-filers overdue.
  await advanceTo(api, "2026-11-06T10:00:00+08:00");
  seen.missing = await list("missing");
  seen.notYetDueAfter = await list("not_yet_due");
  seen.owedAfter = await list("owed");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const sizes = (name: string) => seen[name]?.pages.map((p) => p.length);
const codes = (name: string) => (seen[name]?.items ?? []).map((i: Json) => i.creditCode).sort();

describe("full pages by status", () => {
  it("30 enterprises, 25 filed: after the close, status=missing&limit=2 gives pages of 2, 2 and 1, and nothing else", () => {
    expect(sizes("missing")).toEqual([2, 2, 1]);
    expect(codes("missing")).toEqual([...NON_FILERS].sort());
    expect(seen.missing?.items.every((i: Json) => i.status === "missing" && i.overdue === true)).toBe(true);
    expect(sizes("notYetDueAfter")).toEqual([0]);
  });

  it("while the period is being filed, status=not_yet_due&limit=2 gives pages of 2, 2 and 1, and missing nothing at all", () => {
    expect(sizes("notYetDue")).toEqual([2, 2, 1]);
    expect(codes("notYetDue")).toEqual([...NON_FILERS].sort());
    expect(seen.notYetDue?.items.every((i: Json) => i.status === "not_yet_due")).toBe(true);
    expect(sizes("missingBefore")).toEqual([0]);
  });

  it("status=owed lists the same five in full pages before and after the close", () => {
    expect(sizes("owedBefore")).toEqual([2, 2, 1]);
    expect(sizes("owedAfter")).toEqual([2, 2, 1]);
    expect(codes("owedAfter")).toEqual([...NON_FILERS].sort());
  });
});
