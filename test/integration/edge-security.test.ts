import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { OutboxEntry } from "../../functions/domain/ports";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, expectError, type Json, startTestStack, tokenFor } from "./support";

/**
 * Regression tests of issue 7's findings at the HTTP edge, each first seen failing: page tokens that leaked
 * table keys and out-of-scope messages (2), forged tokens that cost the server (3), inputs that were 5xx
 * (4), input stored and served as given (5), and local endpoints any web page could reach.
 */

const [A, B] = generateEnterprises({ count: 2, seed: 71, counties: ["530502", "530521"] }) as [
  Enterprise,
  Enterprise,
];
/** One mobile number that receives messages about an enterprise of 530521 only. */
const SHARED_MOBILE = "13912345678";

let stack: Stack;
let api: Api;

function message(n: number, about: Enterprise): OutboxEntry {
  return {
    key: `test:${about.creditCode}:${n}:sms`,
    id: `M-${about.countyCode}-${n}`,
    channel: "sms",
    recipient: SHARED_MOBILE,
    template: "monthly-report-reminder",
    params: {},
    subject: { type: "filing", id: `${about.creditCode}#2026-10` },
    scope: about.countyCode,
    about: about.creditCode,
    status: "sent",
    attempts: 1,
    createdAt: `2026-11-0${n}T01:00:00.000Z`,
  };
}

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([A, B], generateOfficials());
  for (const n of [1, 2, 3]) await stack.deps.outbox.claim(message(n, B));
});

afterAll(async () => {
  await stack?.stop();
});

const official = (jurisdiction: string, sub?: string) =>
  tokenFor(stack.secret, { role: "anweiban", jurisdiction, ...(sub ? { sub } : {}) });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("finding 2: page tokens and out-of-scope messages", () => {
  it("an official of another county sees no message to the number, and gets no token that would say some exist", async () => {
    const res = await api("GET", `/v1/notifications?recipient=${SHARED_MOBILE}&limit=1`, {
      token: await official("530502"),
    });

    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it("the county of the enterprise pages through them with tokens that show no key, id, county or credit code", async () => {
    const token = await official("530521");
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const res = await api(
        "GET",
        `/v1/notifications?recipient=${SHARED_MOBILE}&limit=1${next ? `&nextToken=${next}` : ""}`,
        { token },
      );
      expect(res.status, res.text).toBe(200);
      seen.push(...res.body.items.map((i: Json) => i.id));
      next = res.body.nextToken;
      if (next) {
        const decoded = Buffer.from(next, "base64url").toString("latin1");
        for (const leak of ["RCPT", "MSG#", "gsi1", B.creditCode, "530521", SHARED_MOBILE])
          expect(decoded).not.toContain(leak);
      }
    } while (next);

    expect(seen.sort()).toEqual(["M-530521-1", "M-530521-2", "M-530521-3"]);
  });

  it("a token is refused with 400 for another caller, another query, when changed, or when malformed", async () => {
    const token = await official("530521");
    const first = await api("GET", `/v1/notifications?recipient=${SHARED_MOBILE}&limit=1`, { token });
    const issued: string = first.body.nextToken;
    const changed = `${issued.slice(0, 20)}${issued[20] === "A" ? "B" : "A"}${issued.slice(21)}`;
    const cases = [
      { token: await official("530521", "someone-else"), q: `recipient=${SHARED_MOBILE}`, t: issued },
      { token: await official("530500"), q: `recipient=${SHARED_MOBILE}`, t: issued },
      { token, q: "recipient=13800000000", t: issued },
      { token, q: `recipient=${SHARED_MOBILE}&since=2026-11-01T00:00:00%2B08:00`, t: issued },
      { token, q: `recipient=${SHARED_MOBILE}`, t: changed },
      { token, q: `recipient=${SHARED_MOBILE}`, t: b64({ pk: "MSG#x", sk: "A#MSG" }) },
    ];

    for (const c of cases) {
      const res = await api("GET", `/v1/notifications?${c.q}&limit=1&nextToken=${c.t}`, { token: c.token });
      expectError(res, 400, "invalid_input");
      expect(res.body.error.fields).toEqual([{ path: "query.nextToken", message: expect.any(String) }]);
      expect(res.body.error.message).toMatch(/翻页令牌/);
    }
  });
});

describe("finding 3: forged page tokens", () => {
  const forged = [{ p: -1 }, { p: 0.5 }, { s: -2000 }, { s: "x" }, [1], 5, { shard: -9 }].map(b64);
  const lists = [
    "/v1/hazards?",
    "/v1/accidents?",
    "/v1/monthly-reports?period=2026-10&",
    `/v1/notifications?recipient=${SHARED_MOBILE}&`,
  ];

  it("every forged or malformed token on every list is a 400 at once, never a 500 or a slow loop", async () => {
    const token = await official("530000");
    const started = Date.now();
    for (const list of lists) {
      for (const t of forged) {
        const res = await api("GET", `${list}nextToken=${t}`, { token });
        expectError(res, 400, "invalid_input");
      }
    }
    // 28 requests; the {"s":-2000} one alone took 32 s before the fix.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("finding 4: inputs that were 5xx", () => {
  const accident = (overrides: Record<string, unknown>) => ({
    jurisdiction: "530502",
    occurredAt: "2026-11-01T10:00:00+08:00",
    level: "general",
    deaths: 0,
    injuries: 1,
    directLossYuan: 1000,
    summary: "机械伤害",
    ...overrides,
  });

  it.each([
    ["directLossYuan", 1e16],
    ["directLossYuan", 1e-200],
    ["directLossYuan", 2 ** 53],
    ["deaths", 1e308],
    ["injuries", -(2 ** 53)],
    ["occurredAt", "0001-01-01T00:00:00Z"],
  ])("an accident with %s = %s is a 400 naming the field", async (field, value) => {
    const res = await api("POST", "/v1/accidents", {
      token: await official("530502"),
      body: accident({ [field]: value }),
    });

    expectError(res, 400, "invalid_input");
    expect([...new Set(res.body.error.fields.map((f: Json) => f.path))]).toEqual([field]);
  });

  it("a progress report with fundsSpentYuan 1e16 is a 400 naming the field", async () => {
    const token = await tokenFor(stack.secret, {
      role: "enterprise",
      jurisdiction: A.countyCode,
      enterprise: A.creditCode,
    });
    const res = await api("POST", "/v1/hazards/HZ-20261101-ANY/progress-reports", {
      token,
      body: { period: "2026-10", summary: "进展", percentComplete: 50, fundsSpentYuan: 1e16 },
    });

    expectError(res, 400, "invalid_input");
    expect(res.body.error.fields.map((f: Json) => f.path)).toEqual(["fundsSpentYuan"]);
  });

  it("a malformed % escape in a path is a 400 naming the parameter after the router, and 401 without a token", async () => {
    const token = await official("530502");
    for (const path of ["/v1/enterprises/%E0%A4%A", "/v1/hazards/%E0%A4%A", "/v1/accidents/%ZZ"]) {
      const res = await api("GET", path, { token });
      expectError(res, 400, "invalid_input");
      expect(res.body.error.fields[0].path).toMatch(/^path\./);
      expectError(await api("GET", path), 401, "unauthenticated");
    }
  });

  it("a calendar year of 40,000 dates, or of 20,000 duplicates, is a 400 with a short answer", async () => {
    const admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530000" });
    const many = Array.from({ length: 40_000 }, (_, i) => `2030-${String((i % 12) + 1).padStart(2, "0")}-01`);
    const duplicates = Array.from({ length: 20_000 }, () => "2030-01-01");

    const tooMany = await api("PUT", "/v1/calendar/2030", {
      token: admin,
      body: { holidays: many, workdays: [] },
    });
    const repeated = await api("PUT", "/v1/calendar/2030", {
      token: admin,
      body: { holidays: duplicates, workdays: [] },
    });

    expectError(tooMany, 400, "invalid_input");
    expectError(repeated, 400, "invalid_input");
    for (const res of [tooMany, repeated]) expect(res.text.length).toBeLessThan(5_000);
  });

  it("an error never echoes more than a short excerpt of a large bad input", async () => {
    const admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530000" });
    const huge = Array.from({ length: 200_000 }, (_, i) => `x${i}`);

    const res = await api("PUT", "/v1/calendar/2030", {
      token: admin,
      body: { holidays: huge, workdays: huge },
    });

    expectError(res, 400, "invalid_input");
    expect(res.text.length).toBeLessThan(5_000);
  });
});

describe("finding 5: input stored as given, and who may reach in", () => {
  it.each([
    ["title", "井口\u202E塌陷"],
    ["title", "井口\u0000塌陷"],
    ["title", "井口\u001b[31m塌陷"],
    ["title", "两行\n标题"],
    ["location", "主井\u2066口"],
  ])("a hazard whose %s holds a control or bidi character is a 400 naming it", async (field, text) => {
    const res = await api("POST", `/v1/enterprises/${A.creditCode}/hazards`, {
      token: await official("530502"),
      body: {
        level: "major",
        title: "主井口塌陷",
        description: "描述",
        foundAt: "2026-11-01T10:00:00+08:00",
        source: "government_inspection",
        [field]: text,
      },
    });

    expectError(res, 400, "invalid_input");
    expect(res.body.error.fields.map((f: Json) => f.path)).toEqual([field]);
  });

  it("a JSON route refuses text/plain and a CSV route refuses JSON with 415", async () => {
    const token = await official("530502");
    const plain = await api("POST", "/v1/accidents", {
      token,
      body: undefined,
      headers: { "content-type": "text/plain" },
    });
    const plainWithBody = await fetch(`${stack.urls.api}/v1/accidents`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: "{}",
    });
    const jsonImport = await api("POST", "/v1/imports/enterprises", { token, body: { rows: [] } });

    expect(plain.status).toBe(400); // no body at all: the schema names what is missing
    expect(plainWithBody.status).toBe(415);
    expectError(jsonImport, 415, "unsupported_media_type");
  });

  it("/_local/* takes only JSON and only a loopback Host", async () => {
    const url = new URL(stack.urls.api);
    const raw = (method: string, path: string, headers: Record<string, string>, body = "") =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path, method, headers, agent: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    const advance = JSON.stringify({ advanceTo: "2026-11-11T00:00:00+08:00" });

    expect(await raw("POST", "/_local/clock", { "content-type": "text/plain" }, advance)).toBe(415);
    expect(
      await raw(
        "POST",
        "/_local/clock",
        { host: "evil.example", "content-type": "application/json" },
        advance,
      ),
    ).toBe(403);
    expect(await raw("GET", "/_local/sms", { host: "evil.example:3000" })).toBe(403);
    expect(await raw("GET", "/_local/sms", { host: `localhost:${url.port}` })).toBe(200);
    expect((await api("GET", "/_local/clock")).body.now).toBe("2026-11-10T02:00:00.000Z");
  });
});
