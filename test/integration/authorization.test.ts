import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { ROUTES } from "../../functions/http/routes";
import { signToken } from "../../local/auth";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  listAll,
  postOnFreshConnection,
  reportBody,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * Who reaches what through the HTTP API: enterprise users their own enterprise, officials the enterprises
 * of their county, city or province (GB/T 2260 prefix rule); tokens are checked before anything else, and
 * every refusal has the one error shape.
 */

const [A1, B1, A2, B2] = generateEnterprises({ count: 4, seed: 11, counties: ["530502", "530521"] }) as [
  Enterprise,
  Enterprise,
  Enterprise,
  Enterprise,
];
/** 昆明市五华区: same province, another city. */
const [K1] = generateEnterprises({ count: 1, seed: 12, counties: ["530102"] }) as [Enterprise];
/** A valid credit code that is not in the catalogue. */
const [UNKNOWN] = generateEnterprises({ count: 1, seed: 99, counties: ["530502"] }) as [Enterprise];

const ALL = [A1, B1, A2, B2, K1];
const codes = (list: Enterprise[]) => list.map((e) => e.creditCode).sort();

let stack: Stack;
let api: Api;

beforeAll(async () => {
  // 2026-10 has ended, so its report can be filed; 2026-11 is open and owed by every enterprise.
  stack = await startTestStack({ now: "2026-11-02T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(ALL, generateOfficials());
});

afterAll(async () => {
  await stack?.stop();
});

const official = (role: "inspector" | "anweiban" | "leader" | "admin", jurisdiction: string) =>
  tokenFor(stack.secret, { role, jurisdiction });

const reportPath = (e: Enterprise, period = "2026-10") =>
  `/v1/enterprises/${e.creditCode}/monthly-reports/${period}`;

async function listedCodes(token: string, jurisdiction?: string): Promise<string[]> {
  const { items } = await listAll(
    api,
    "/v1/monthly-reports",
    { period: "2026-11", ...(jurisdiction ? { jurisdiction } : {}) },
    token,
  );
  return items.map((i: Json) => i.creditCode as string).sort();
}

describe("an enterprise user", () => {
  it("reads and files for its own enterprise; another enterprise's, in its county or not, answers 404 like an unknown one", async () => {
    const token = await enterpriseToken(stack.secret, A1);

    const own = await api("GET", `/v1/enterprises/${A1.creditCode}`, { token });
    const filed = await api("PUT", reportPath(A1), { token, body: reportBody(A1) });
    const neighbour = await api("GET", `/v1/enterprises/${A2.creditCode}`, { token });
    const otherCounty = await api("GET", `/v1/enterprises/${B1.creditCode}`, { token });
    const fileForNeighbour = await api("PUT", reportPath(A2), { token, body: reportBody(A2) });
    const fileForOtherCounty = await api("PUT", reportPath(B1), { token, body: reportBody(B1) });

    expect(own.status, own.text).toBe(200);
    expect(own.body).toMatchObject({ creditCode: A1.creditCode, name: A1.name });
    expect(filed.status, filed.text).toBe(200);
    const unknown = await api("GET", `/v1/enterprises/${UNKNOWN.creditCode}`, { token });
    for (const refused of [neighbour, otherCounty, fileForNeighbour, fileForOtherCounty, unknown]) {
      expectError(refused, 404, "not_found");
    }
    // The same answer, message included, whether the enterprise exists or not.
    expect(otherCounty.body.error.message).toBe(
      unknown.body.error.message.replace(UNKNOWN.creditCode, B1.creditCode),
    );
  });

  it("may not list the monthly reports of its county", async () => {
    const res = await api("GET", "/v1/monthly-reports?period=2026-11", {
      token: await enterpriseToken(stack.secret, A1),
    });

    expectError(res, 403, "forbidden");
  });
});

describe("an official", () => {
  it("of county 530502 sees its county's enterprises but not one of 530521, nor the listing of 530521", async () => {
    const token = await official("inspector", "530502");

    const own = await api("GET", `/v1/enterprises/${A1.creditCode}`, { token });
    const other = await api("GET", `/v1/enterprises/${B1.creditCode}`, { token });
    const otherListing = await api("GET", "/v1/monthly-reports?period=2026-11&jurisdiction=530521", {
      token,
    });
    const cityListing = await api("GET", "/v1/monthly-reports?period=2026-11&jurisdiction=530500", { token });

    expect(own.status, own.text).toBe(200);
    expectError(other, 404, "not_found");
    expectError(otherListing, 403, "forbidden");
    expectError(cityListing, 403, "forbidden");
    expect(await listedCodes(token)).toEqual(codes([A1, A2]));
  });

  it("of the city 530500 sees the enterprises of both its counties but not those of another city", async () => {
    const token = await official("anweiban", "530500");

    const seen = await Promise.all(
      [A1, B1, A2, B2].map((e) => api("GET", `/v1/enterprises/${e.creditCode}`, { token })),
    );
    const kunming = await api("GET", `/v1/enterprises/${K1.creditCode}`, { token });
    const kunmingListing = await api("GET", "/v1/monthly-reports?period=2026-11&jurisdiction=530100", {
      token,
    });

    expect(seen.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expectError(kunming, 404, "not_found");
    expectError(kunmingListing, 403, "forbidden");
    expect(await listedCodes(token)).toEqual(codes([A1, B1, A2, B2]));
    expect(await listedCodes(token, "530521")).toEqual(codes([B1, B2]));
  });

  it("of the province 530000 sees every enterprise of the province", async () => {
    const token = await official("leader", "530000");

    const seen = await Promise.all(ALL.map((e) => api("GET", `/v1/enterprises/${e.creditCode}`, { token })));

    expect(seen.map((r) => r.status)).toEqual(ALL.map(() => 200));
    expect(await listedCodes(token)).toEqual(codes(ALL));
    expect(await listedCodes(token, "530100")).toEqual(codes([K1]));
  });

  it("of any role cannot file an enterprise's report, even in its own jurisdiction", async () => {
    const tokens = await Promise.all(
      (["inspector", "anweiban", "leader", "admin"] as const).flatMap((role) => [
        official(role, "530521"),
        official(role, "530000"),
      ]),
    );

    const responses = await Promise.all(
      tokens.map((token) => api("PUT", reportPath(B2), { token, body: reportBody(B2) })),
    );

    for (const res of responses) expectError(res, 403, "forbidden");
    const filed = await listAll(
      api,
      "/v1/monthly-reports",
      { period: "2026-10" },
      await official("admin", "530000"),
    );
    // Joined on 2 November, B2 owes October (due by the 5th), and it is still owed: nothing was filed.
    expect(filed.items.find((i: Json) => i.creditCode === B2.creditCode)).toMatchObject({
      status: "not_yet_due",
    });
  });
});

describe("authentication", () => {
  const authRoutes = ROUTES.filter((r) => r.spec.auth);
  const concretePath = (path: string) =>
    path.replace("{creditCode}", A1.creditCode).replace("{period}", "2026-10") +
    (path === "/v1/monthly-reports" ? "?period=2026-10" : "") +
    (path === "/v1/notifications" ? `?recipient=${A1.infoOfficer.mobile}` : "");

  it("every route that needs a token answers 401 without one", async () => {
    for (const route of authRoutes) {
      const res = await api(route.spec.method, concretePath(route.spec.path));

      expectError(res, 401, "unauthenticated");
    }
    expect(authRoutes.length).toBeGreaterThanOrEqual(6);
  });

  it("a garbage token, a token signed with another secret, an expired one, an unsigned one and one with incomplete claims are all 401", async () => {
    const claims = { role: "admin" as const, jurisdiction: "530000" };
    const otherSecret = new TextEncoder().encode("not-the-stack-secret-not-the-stack-secret");
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("admin:530000")
      .setIssuer("duban-local")
      .setAudience("duban")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(stack.secret);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, sub: "x", iss: "duban-local", aud: "duban" })}.`;
    const noEnterpriseClaim = await new SignJWT({ role: "enterprise", jurisdiction: "530502" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("enterprise:?")
      .setIssuer("duban-local")
      .setAudience("duban")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(stack.secret);
    const tokens = {
      garbage: "not.a.token",
      otherSecret: await signToken(otherSecret, claims),
      expired,
      unsigned,
      noEnterpriseClaim,
    };

    for (const [name, token] of Object.entries(tokens)) {
      const res = await api("GET", `/v1/enterprises/${A1.creditCode}`, { token });

      expect(res.status, name).toBe(401);
      expectError(res, 401, "unauthenticated");
    }
    const basic = await api("GET", `/v1/enterprises/${A1.creditCode}`, {
      headers: { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` },
    });
    expectError(basic, 401, "unauthenticated");
    const valid = await api("GET", `/v1/enterprises/${A1.creditCode}`, {
      token: await official("admin", "530000"),
    });
    expect(valid.status, valid.text).toBe(200);
  });

  it("/healthz and /v1/openapi.json answer without a token", async () => {
    const health = await api("GET", "/healthz");
    const openapi = await api("GET", "/v1/openapi.json");

    expect(health.status).toBe(200);
    // 2 November 2026 with no 2027 holiday calendar supplied: the health check warns, in Chinese.
    expect(health.body).toEqual({
      status: "ok",
      warnings: [expect.stringContaining("2027 年节假日安排尚未提供")],
    });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe("3.1.0");
  });

  it("the OpenAPI document lists every route of ROUTES with its method, and asks a token where the route does", async () => {
    const doc = (await api("GET", "/v1/openapi.json")).body;

    for (const route of ROUTES) {
      const operation = doc.paths?.[route.spec.path]?.[route.spec.method.toLowerCase()];
      expect(operation, `${route.spec.method} ${route.spec.path}`).toBeDefined();
      expect(operation.security ?? [], route.name).toEqual(route.spec.auth ? [{ bearer: [] }] : []);
    }
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.spec.method} ${r.spec.path}`).sort());
  });
});

describe("error bodies", () => {
  it("every refusal has the {error: {code, message}} shape, with fields where input is wrong", async () => {
    const admin = await official("admin", "530000");
    const own = await enterpriseToken(stack.secret, A1);

    const cases = [
      { res: await api("GET", "/v1/nothing-here"), status: 404, code: "not_found" },
      { res: await api("DELETE", "/healthz"), status: 405, code: "method_not_allowed" },
      { res: await api("GET", "/v1/monthly-reports?period=2026-13", { token: admin }), status: 400 },
      { res: await api("GET", "/v1/enterprises/91530502MA0000000X", { token: admin }), status: 400 },
      {
        res: await api("GET", "/v1/notifications?recipient=someone", { token: admin }),
        status: 400,
      },
      {
        res: await api("PUT", reportPath(A1), {
          token: own,
          headers: { "content-type": "application/json" },
        }),
        status: 400,
      },
      {
        res: await api("PUT", reportPath(A1), { token: own, body: { signedBy: A1.legalRep.name } }),
        status: 400,
      },
      {
        res: await api("PUT", reportPath(A1), { token: own, csv: "{not json" }),
        status: 415,
      },
      { res: await api("GET", `/v1/enterprises/${UNKNOWN.creditCode}`, { token: admin }), status: 404 },
      { res: await api("PUT", reportPath(A1, "2026-12"), { token: own, body: reportBody(A1) }), status: 422 },
      { res: await api("GET", `/v1/enterprises/${B1.creditCode}`, { token: own }), status: 404 },
      { res: await api("GET", "/v1/monthly-reports?period=2026-11", { token: own }), status: 403 },
      { res: await api("GET", `/v1/enterprises/${B1.creditCode}`), status: 401 },
      {
        res: await api("POST", "/_local/clock", { body: { advanceTo: "yesterday" } }),
        status: 400,
      },
      {
        res: await api("POST", "/_local/clock", { body: { advanceTo: "2026-01-01T00:00:00+08:00" } }),
        status: 409,
      },
    ];

    for (const { res, status, code } of cases) expectError(res, status, code);
    const inputErrors = cases.filter(
      (c) => c.status === 400 && c.res.body.error.reason !== "http.invalid_json",
    );
    for (const { res } of inputErrors) expect(res.body.error.fields?.length, res.text).toBeGreaterThan(0);
  });

  it("a body over API Gateway's 10 MB limit is refused with 413 and the connection closed", async () => {
    const admin = await official("admin", "530000");
    const oversized = Buffer.alloc(11 * 1024 * 1024, "x");

    const res = await postOnFreshConnection(
      stack.urls.api,
      "/v1/imports/enterprises",
      { authorization: `Bearer ${admin}`, "content-type": "text/csv" },
      oversized,
    );

    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe("payload_too_large");
  });

  it("a request that fails inside the server is a 500 with a generic body and no stack trace", async () => {
    const broken = await startTestStack({ now: "2026-11-02T10:00:00+08:00" });
    try {
      // The store itself goes away: the SDK's error must not reach the caller.
      const dynamo = new DynamoDBClient({
        endpoint: broken.urls.dynamo,
        region: "local",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      await dynamo.send(new DeleteTableCommand({ TableName: broken.table }));
      dynamo.destroy();
      const token = await signToken(broken.secret, { role: "anweiban", jurisdiction: "530502" });

      const res = await apiFor(broken.urls.api)("GET", `/v1/enterprises/${A1.creditCode}`, { token });

      expect(res.status).toBe(500);
      expect(JSON.parse(res.text)).toEqual({
        error: { code: "internal", message: "服务器内部错误，请稍后重试；如反复出现，请联系管理员" },
      });
      expect(res.text).not.toMatch(/\bat\b|Error|stack|\.ts|Resource/);
    } finally {
      await broken.stop();
    }
  });

  it("a tampered nextToken of the notification listing is a 400 naming nextToken, not a 500", async () => {
    const admin = await official("admin", "530000");
    const tampered = Buffer.from(JSON.stringify({ pk: "x" })).toString("base64url");

    const res = await api(
      "GET",
      `/v1/notifications?recipient=${A1.infoOfficer.mobile}&nextToken=${tampered}`,
      {
        token: admin,
      },
    );

    expectError(res, 400, "invalid_input");
    expect(res.body.error.fields).toEqual([{ path: "query.nextToken", message: expect.any(String) }]);
  });
});
