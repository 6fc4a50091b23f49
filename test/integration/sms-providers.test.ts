import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAliyunReceipts } from "../../functions/adapters/sms/aliyun-receipts";
import { createAliyunSms } from "../../functions/adapters/sms/aliyun-sms";
import { createTencentReceipts } from "../../functions/adapters/sms/tencent-receipts";
import { createTencentSms } from "../../functions/adapters/sms/tencent-sms";
import type { SmsRequest } from "../../functions/domain/ports";
import { startFakeAliyun } from "./fakes/aliyun-sms-fake";
import { startFakeTencent } from "./fakes/tencent-sms-fake";

const aliyunKeys = {
  accessKeyId: "LTAI5tFakeAccessKeyId",
  accessKeySecret: "fake-access-key-secret-0123456789",
};
const tencentKeys = { secretId: "AKIDfakeSecretId0123456789", secretKey: "fake-secret-key-0123456789abcdef" };
const token = "callback-token-of-this-deployment";
const longName = "云南省昆明市西山区某某精细化工有限责任公司第二分公司危险化学品仓储基地（东区）";

const request = (n: number, templateId: string): SmsRequest => ({
  to: `1390000000${n}`,
  signName: "督办",
  templateId,
  params: { enterprise: longName, days: "3" },
  text: "",
  outId: `00000000000000a${n}`,
});

describe("Aliyun SMS through its SDK against a fake that checks the ACS3 signature", () => {
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  let sms: ReturnType<typeof createAliyunSms>;
  beforeAll(async () => {
    fake = await startFakeAliyun({ ...aliyunKeys, now: () => new Date() });
    sms = createAliyunSms({
      ...aliyunKeys,
      endpoint: `127.0.0.1:${fake.port}`,
      protocol: "http",
      parameterMaxLength: 35,
    });
  });
  afterAll(() => fake.stop());

  it("sends the sign, the template code, the parameters fitted to 35 characters and the OutId", async () => {
    const result = await sms.send(request(1, "SMS_465001"));

    expect(result).toEqual({ ok: true, providerMessageId: fake.sends[0]?.bizId });
    expect(fake.sends[0]).toMatchObject({
      to: "13900000001",
      signName: "督办",
      templateCode: "SMS_465001",
      outId: "00000000000000a1",
      params: { enterprise: `${Array.from(longName).slice(0, 34).join("")}…`, days: "3" },
    });
  });

  it("a wrong secret is refused by the signature check, permanently", async () => {
    const wrong = createAliyunSms({
      accessKeyId: aliyunKeys.accessKeyId,
      accessKeySecret: "not-the-secret-0123456789",
      endpoint: `127.0.0.1:${fake.port}`,
      protocol: "http",
      parameterMaxLength: 35,
    });
    const result = await wrong.send(request(2, "SMS_465001"));

    expect(result).toMatchObject({ ok: false, retryable: false, code: "SignatureDoesNotMatch" });
    expect(fake.calls.at(-1)).toEqual({ action: "SendSms", refused: "SignatureDoesNotMatch" });
  });

  it("throttling is retryable and says so, a system error is retryable, an illegal number is not", async () => {
    fake.next("throttle", "transient", "permanent");

    expect(await sms.send(request(3, "SMS_465001"))).toMatchObject({
      ok: false,
      retryable: true,
      throttled: true,
      code: "isv.BUSINESS_LIMIT_CONTROL",
    });
    expect(await sms.send(request(3, "SMS_465001"))).toMatchObject({
      ok: false,
      retryable: true,
      code: "isp.SYSTEM_ERROR",
    });
    expect(await sms.send(request(3, "SMS_465001"))).toMatchObject({
      ok: false,
      retryable: false,
      code: "isv.MOBILE_NUMBER_ILLEGAL",
    });
  });

  it("a send whose answer was lost is found by QuerySendDetails; one never made is not", async () => {
    fake.next("lose");
    const lost = await sms.send(request(4, "SMS_465001"));
    const sentAt = new Date().toISOString();

    expect(lost).toMatchObject({ ok: false, retryable: true });
    expect(await sms.lookup?.({ to: "13900000004", outId: "00000000000000a4", sentAt })).toEqual({
      kind: "found",
      state: "delivered",
      code: "DELIVERED",
    });
    expect(await sms.lookup?.({ to: "13900000004", outId: "00000000000000ff", sentAt })).toEqual({
      kind: "not_found",
    });
  });

  it("the SmsReport push of the fake's sends reads as receipts with the deployment's token only", () => {
    const reader = createAliyunReceipts(token);
    const read = reader.read({ headers: {}, body: fake.reports(), query: { token } });

    expect(read.ok && read.receipts.map((r) => [r.outId, r.delivered])).toEqual(
      fake.sends.map((s) => [s.outId, true]),
    );
    expect(reader.read({ headers: {}, body: fake.reports(), query: {} })).toEqual({
      ok: false,
      reason: "token",
    });
  });
});

describe("Tencent Cloud SMS through its SDK against a fake that checks the TC3 signature", () => {
  let fake: Awaited<ReturnType<typeof startFakeTencent>>;
  let sms: ReturnType<typeof createTencentSms>;
  beforeAll(async () => {
    fake = await startFakeTencent({ ...tencentKeys, now: () => new Date() });
    sms = createTencentSms({
      ...tencentKeys,
      sdkAppId: "1400006666",
      connectTo: { host: "127.0.0.1", port: fake.port },
      parameterMaxLength: 12,
    });
  });
  afterAll(() => fake.stop());

  it("sends the app, sign, template id, the parameters in order fitted to 12 characters and the outId as SessionContext", async () => {
    const result = await sms.send(request(1, "2001234"));

    expect(result).toEqual({ ok: true, providerMessageId: fake.sends[0]?.serialNo });
    expect(fake.sends[0]).toMatchObject({
      to: "+8613900000001",
      appId: "1400006666",
      signName: "督办",
      templateId: "2001234",
      params: ["云南省昆明市西山区某某…", "3"],
      sessionContext: "00000000000000a1",
    });
  });

  it("a wrong key is refused by the signature check, permanently", async () => {
    const wrong = createTencentSms({
      secretId: tencentKeys.secretId,
      secretKey: "not-the-secret-key-0123456789",
      sdkAppId: "1400006666",
      connectTo: { host: "127.0.0.1", port: fake.port },
      parameterMaxLength: 12,
    });

    expect(await wrong.send(request(2, "2001234"))).toMatchObject({
      ok: false,
      retryable: false,
      code: "AuthFailure.SignatureFailure",
    });
    expect(fake.calls.at(-1)).toEqual({ action: "SendSms", refused: "AuthFailure.SignatureFailure" });
  });

  it("a per-number frequency limit is throttling, a 502 is retryable, an incorrect number is not", async () => {
    fake.next("throttle", "transient", "permanent");

    expect(await sms.send(request(3, "2001234"))).toMatchObject({
      ok: false,
      retryable: true,
      throttled: true,
      code: "LimitExceeded.PhoneNumberThirtySecondLimit",
    });
    expect(await sms.send(request(3, "2001234"))).toMatchObject({ ok: false, retryable: true });
    expect(await sms.send(request(3, "2001234"))).toMatchObject({
      ok: false,
      retryable: false,
      code: "InvalidParameterValue.IncorrectPhoneNumber",
    });
  });

  it("a send whose answer was lost is found by PullSmsSendStatusByPhoneNumber, by its SessionContext", async () => {
    fake.next("lose");
    const lost = await sms.send(request(4, "2001234"));
    const sentAt = new Date().toISOString();

    expect(lost).toMatchObject({ ok: false, retryable: true });
    expect(await sms.lookup?.({ to: "13900000004", outId: "00000000000000a4", sentAt })).toMatchObject({
      kind: "found",
      state: "delivered",
      providerMessageId: fake.sends.at(-1)?.serialNo,
    });
    expect(await sms.lookup?.({ to: "13900000004", outId: "00000000000000ff", sentAt })).toEqual({
      kind: "not_found",
    });
  });

  it("the status callback of the fake's sends reads as receipts naming each SerialNo", () => {
    const read = createTencentReceipts(token).read({ headers: {}, body: fake.reports(), query: { token } });

    expect(read.ok && read.receipts.map((r) => r.providerMessageId)).toEqual(
      fake.sends.map((s) => s.serialNo),
    );
  });
});
