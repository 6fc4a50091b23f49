import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { OutboxEntry } from "../../functions/domain/ports";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, startTestStack, tokenFor } from "./support";

/** A page token lives 24 hours from its issue, on the deployment's clock (here the virtual one). */

const [A] = generateEnterprises({ count: 1, seed: 72, counties: ["530502"] }) as [Enterprise];
const MOBILE = "13912340000";
const START = new Date("2026-11-10T10:00:00+08:00");

let stack: Stack;
let api: Api;

const entry = (n: number): OutboxEntry => ({
  key: `test:${A.creditCode}:${n}:sms`,
  id: `M-${n}`,
  channel: "sms",
  recipient: MOBILE,
  template: "monthly-report-reminder",
  params: {},
  subject: { type: "filing", id: `${A.creditCode}#2026-10` },
  scope: A.countyCode,
  about: A.creditCode,
  status: "sent",
  attempts: 1,
  createdAt: `2026-11-0${n}T01:00:00.000Z`,
});

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([A], generateOfficials());
  for (const n of [1, 2, 3]) await stack.deps.outbox.claim(entry(n));
});

afterAll(async () => {
  await stack?.stop();
});

describe("page tokens expire", () => {
  it("a token still opens 23 hours after its issue, and is a 400 naming query.nextToken after 24", async () => {
    const token = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530502" });
    const page = (next: string) =>
      api("GET", `/v1/notifications?recipient=${MOBILE}&limit=1&nextToken=${next}`, { token });
    const first = await api("GET", `/v1/notifications?recipient=${MOBILE}&limit=1`, { token });
    const issued: string = first.body.nextToken;

    await stack.clock.set(new Date(START.getTime() + 23 * 3600_000));
    const inTime = await page(issued);
    await stack.clock.set(new Date(START.getTime() + 24 * 3600_000 + 1000));
    const late = await page(issued);

    expect(inTime.status, inTime.text).toBe(200);
    expect(late.status, late.text).toBe(400);
    expect(late.body.error.reason).toBe("http.next_token_expired");
    expect(late.body.error.message).toMatch(/翻页令牌（nextToken）已过期/);
    expect(late.body.error.fields).toEqual([{ path: "query.nextToken", message: "翻页令牌已过期" }]);
  });
});
