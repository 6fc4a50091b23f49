import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { receiptReadersPort } from "../../functions/adapters/aws-ports/receipt-readers";
import { composeLambda } from "../../functions/adapters/lambda-deps";

/**
 * The Lambda composition of `POST /v1/provider-callbacks/{provider}` in the AWS China regions: the chosen
 * provider's reader, verified by the callbackToken of its secret, read from Secrets Manager (here a loopback
 * stand-in answering GetSecretValue) — not only the local stack's readers.
 */
const SMS_SECRET = "arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:sms-AbCdEf";
const SMTP_SECRET = "arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-AbCdEf";
const TOKEN = "callback-token-of-this-deployment";

let server: Server;
let secrets: Record<string, unknown> = {};
const asked: string[] = [];
const saved: Record<string, string | undefined> = {};

function setEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      asked.push(`${req.headers["x-amz-target"]} ${SecretId}`);
      const value = secrets[SecretId];
      if (!value) {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        return res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no such secret" }));
      }
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ ARN: SecretId, Name: "s", SecretString: JSON.stringify(value) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  setEnv({
    TABLE_NAME: "duban",
    FILES_BUCKET: "duban-files",
    EMAIL_FROM: "duban@example.gov.cn",
    TIMER_GROUP: "duban-timers",
    TIMER_ROLE_ARN: "arn:aws-cn:iam::123456789012:role/timers",
    WORKFLOW_ARNS: "{}",
    DUBAN_CHANNELS: "mainland",
    SMS_ORIGINATION_IDENTITY: undefined,
    EMAIL_SETTINGS: JSON.stringify({
      provider: "smtp",
      host: "smtp.qiye.aliyun.com",
      port: 465,
      secure: true,
      from: "duban@example.gov.cn",
      secretArn: SMTP_SECRET,
    }),
    AWS_REGION: "cn-northwest-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_MAX_ATTEMPTS: "1",
  });
});

afterEach(() => {
  asked.length = 0;
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const reports = (outId: string) =>
  JSON.stringify([
    {
      phone_number: "13900000001",
      report_time: "2026-12-02 10:00:05",
      success: true,
      err_code: "DELIVERED",
      biz_id: "100619746936498440^0",
      out_id: outId,
    },
  ]);

describe("receipt readers in the Lambda composition (AWS China)", () => {
  it("Aliyun: a reader under its name, verifying the token of the SMS secret; no other provider", async () => {
    secrets = {
      [SMS_SECRET]: {
        accessKeyId: "LTAI5tFakeAccessKeyId",
        accessKeySecret: "fake-access-key-secret-0123456789",
        callbackToken: TOKEN,
      },
    };
    setEnv({ SMS_SETTINGS: JSON.stringify({ provider: "aliyun", secretArn: SMS_SECRET }) });

    const deps = await composeLambda([receiptReadersPort]);

    expect(Object.keys(deps.receiptReaders ?? {})).toEqual(["aliyun"]);
    const reader = deps.receiptReaders?.aliyun;
    expect(
      reader?.read({ headers: {}, query: { token: "wrong-token-0123456789" }, body: reports("a1") }),
    ).toEqual({ ok: false, reason: "token" });
    expect(reader?.read({ headers: {}, query: { token: TOKEN }, body: reports("a1") })).toMatchObject({
      ok: true,
      receipts: [{ provider: "aliyun", outId: "a1", delivered: true, code: "DELIVERED" }],
    });
    // Only the SMS secret was read, and by its ARN: the SMTP login is the notifier's business.
    expect(asked).toEqual([`secretsmanager.GetSecretValue ${SMS_SECRET}`]);
  });

  it("Tencent: its reader under its name", async () => {
    const tencentSecret = `${SMS_SECRET}-tencent`;
    secrets = {
      [tencentSecret]: {
        secretId: "AKIDfakeSecretId0123456789",
        secretKey: "fake-secret-key-0123456789abcdef",
        callbackToken: TOKEN,
      },
    };
    setEnv({
      SMS_SETTINGS: JSON.stringify({ provider: "tencent", secretArn: tencentSecret, sdkAppId: "1400000000" }),
    });

    const deps = await composeLambda([receiptReadersPort]);

    expect(Object.keys(deps.receiptReaders ?? {})).toEqual(["tencent"]);
    const refused = deps.receiptReaders?.tencent?.read({ headers: {}, query: {}, body: "[]" });
    expect(refused).toEqual({ ok: false, reason: "token" });
  });

  it("a secret without a callbackToken accepts no callbacks (the route answers 404)", async () => {
    const bare = `${SMS_SECRET}-bare`;
    secrets = {
      [bare]: { accessKeyId: "LTAI5tFakeAccessKeyId", accessKeySecret: "fake-access-key-secret-0123456789" },
    };
    setEnv({ SMS_SETTINGS: JSON.stringify({ provider: "aliyun", secretArn: bare }) });

    const deps = await composeLambda([receiptReadersPort]);

    expect(deps.receiptReaders).toEqual({});
  });

  it("a function that does not name the port has no readers and reads no secret", async () => {
    const deps = await composeLambda([]);

    expect(deps.receiptReaders).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
