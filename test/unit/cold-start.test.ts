import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * GET /healthz and GET /v1/openapi.json have no grant on the table: their cold start must not read it. The
 * table's endpoint here refuses every connection, so any read at start would fail the request.
 */
const ENV = {
  TABLE_NAME: "duban",
  EMAIL_FROM: "duban@example.gov.cn",
  SMS_ORIGINATION_IDENTITY: "duban",
  TIMER_GROUP: "duban-timers",
  TIMER_ROLE_ARN: "arn:aws:iam::123456789012:role/timers",
  WORKFLOW_ARNS: "{}",
  FILES_BUCKET: "duban-files",
  AWS_REGION: "ap-east-1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
};
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const event = (path: string) =>
  ({
    rawPath: path,
    headers: {},
    requestContext: { http: { method: "GET", path } },
  }) as unknown as APIGatewayProxyEventV2;

describe("cold start of the public routes on Lambda", () => {
  it("GET /healthz answers ok even though the table cannot be read", async () => {
    const { handler } = await import("../../functions/http/healthz");

    const res = await handler(event("/healthz"), {} as Context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(res.body))).toMatchObject({ status: "ok" });
  });

  it("GET /v1/openapi.json answers the document without touching the table", async () => {
    const { handler } = await import("../../functions/http/openapi");

    const res = await handler(event("/v1/openapi.json"), {} as Context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(String(res.body)).openapi).toBe("3.1.0");
  });
});
