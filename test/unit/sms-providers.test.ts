import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { AliyunSecret, createSecretReader, fixedSecrets } from "../../functions/adapters/delivery-secrets";
import { SmsSettings, smsChannelFromSettings } from "../../functions/adapters/delivery-settings";
import { createAliyunReceipts } from "../../functions/adapters/sms/aliyun-receipts";
import { tokenMatches } from "../../functions/adapters/sms/callback-token";
import { kindOf, providerErrorCodes, refusal } from "../../functions/adapters/sms/provider-errors";
import { createTencentReceipts } from "../../functions/adapters/sms/tencent-receipts";
import { classifySmtp } from "../../functions/adapters/smtp-email";
import { checkProviderTemplates } from "../../functions/domain/config-schema";
import { renderSms } from "../../functions/domain/notify";
import {
  defaultParameterMaxLength,
  fitParameter,
  fitParameters,
} from "../../functions/domain/sms-parameters";
import { channelsFromEnv } from "../../local/channels";

describe("provider error codes", () => {
  it.each([
    ["aliyun", "isv.BUSINESS_LIMIT_CONTROL", "throttled"],
    ["aliyun", "Throttling.User", "throttled"],
    ["aliyun", "isp.SYSTEM_ERROR", "transient"],
    ["aliyun", "InternalError", "transient"],
    ["aliyun", "isv.MOBILE_NUMBER_ILLEGAL", "permanent"],
    ["aliyun", "isv.TEMPLATE_MISSING_PARAMETERS", "permanent"],
    ["aliyun", "isv.SMS_TEMPLATE_ILLEGAL", "permanent"],
    ["aliyun", "SignatureDoesNotMatch", "permanent"],
    ["tencent", "LimitExceeded.PhoneNumberThirtySecondLimit", "throttled"],
    ["tencent", "LimitExceeded.PhoneNumberDailyLimit", "throttled"],
    ["tencent", "RequestLimitExceeded", "throttled"],
    ["tencent", "LimitExceeded.PhoneNumberCountLimit", "permanent"],
    ["tencent", "InternalError.Timeout", "transient"],
    ["tencent", "InvalidParameterValue.IncorrectPhoneNumber", "permanent"],
    ["tencent", "InvalidParameterValue.TemplateParameterLengthLimit", "permanent"],
    ["tencent", "FailedOperation.PhoneNumberInBlacklist", "permanent"],
    ["tencent", "FailedOperation.TemplateIncorrectOrUnapproved", "permanent"],
    ["tencent", "FailedOperation.InsufficientBalanceInSmsPackage", "transient"],
    ["tencent", "AuthFailure.SignatureFailure", "permanent"],
  ] as const)("%s %s is %s", (provider, code, kind) => {
    expect(kindOf(provider, code)).toBe(kind);
  });

  it("a code nobody listed is tried again (a bounded number of times), never silently dropped", () => {
    expect(kindOf("aliyun", "isv.SOMETHING_NEW")).toBe("transient");
    expect(kindOf("tencent", "Brand.NewCode")).toBe("transient");
  });

  it("every listed code means one of the three kinds", () => {
    for (const table of Object.values(providerErrorCodes)) {
      const kinds = [...Object.values(table.exact), ...table.prefixes.map(([, k]) => k), table.otherwise];
      for (const kind of kinds) expect(["throttled", "transient", "permanent"]).toContain(kind);
    }
  });

  it("a refusal keeps the provider's code, says whether to retry and whether it was throttling", () => {
    expect(refusal("aliyun", "isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控")).toEqual({
      ok: false,
      retryable: true,
      throttled: true,
      code: "isv.BUSINESS_LIMIT_CONTROL",
      error: "isv.BUSINESS_LIMIT_CONTROL: 触发号码天级流控",
    });
    expect(refusal("tencent", "InvalidParameterValue.IncorrectPhoneNumber", "bad")).toMatchObject({
      retryable: false,
      code: "InvalidParameterValue.IncorrectPhoneNumber",
    });
    expect(refusal("tencent", "InvalidParameterValue.IncorrectPhoneNumber", "bad")).not.toHaveProperty(
      "throttled",
    );
  });
});

describe("template parameters fitted to the provider's limit", () => {
  const name = "云南省昆明市西山区某某精细化工有限责任公司第二分公司危险化学品仓储基地（东区）"; // 39 characters

  it("a value within the limit is left exactly as it is", () => {
    expect(fitParameter("某某化工有限公司", 12)).toBe("某某化工有限公司");
    expect(fitParameter("a".repeat(35), 35)).toBe("a".repeat(35));
  });

  it("a long enterprise name keeps its head and ends in … within Aliyun's 35 characters", () => {
    const fitted = fitParameter(name, defaultParameterMaxLength.aliyun);

    expect(Array.from(fitted)).toHaveLength(35);
    expect(fitted).toBe(`${Array.from(name).slice(0, 34).join("")}…`);
  });

  it("within Tencent's 12 characters", () => {
    expect(fitParameter(name, defaultParameterMaxLength.tencent)).toBe("云南省昆明市西山区某某…");
  });

  it("counts characters, not UTF-16 units (a rare character outside the BMP counts one)", () => {
    const rare = "𠀀".repeat(20);
    const fitted = fitParameter(rare, 12);

    expect(Array.from(fitted)).toHaveLength(12);
    expect(fitted.endsWith("…")).toBe(true);
  });

  it("does not end the head in a blank before the …", () => {
    expect(fitParameter("隐患 整改 逾期 未完成 需要 督办", 6)).toBe("隐患 整改…");
  });

  it("is deterministic and keeps names and order", () => {
    const params = { enterprise: name, title: "储罐区", days: "3" };

    expect(fitParameters(params, 12)).toEqual(fitParameters(params, 12));
    expect(Object.keys(fitParameters(params, 12))).toEqual(["enterprise", "title", "days"]);
  });
});

describe("provider template ids", () => {
  const templates = {
    a: {
      sms: {
        templateId: "T1",
        params: [],
        text: "甲",
        providerTemplateIds: { aliyun: "SMS_1", tencent: "101" },
      },
    },
    b: { sms: { templateId: "T2", params: [], text: "乙", providerTemplateIds: { aliyun: "SMS_2" } } },
    c: { email: { subject: "丙", body: "丙" } },
  };

  it("a deployment through a provider names every SMS template that lacks that provider's id", () => {
    expect(checkProviderTemplates(templates, "aliyun")).toEqual([]);
    expect(checkProviderTemplates(templates, "tencent")).toEqual(["b"]);
  });

  it("the rendered request carries the chosen provider's template id and the message's outId", () => {
    const message = {
      key: "k1",
      channel: "sms" as const,
      recipient: "13900000001",
      template: "a",
      params: {},
      subject: { type: "hazard", id: "h" },
      scope: "530102",
    };
    const tencent = renderSms(templates.a, "a", message, "督办", "tencent");
    const eum = renderSms(templates.a, "a", message, "督办", "eum");

    expect(tencent.templateId).toBe("101");
    expect(eum.templateId).toBe("T1");
    expect(tencent.outId).toMatch(/^[0-9a-f]{16}$/);
    expect(tencent.outId).toBe(eum.outId);
  });

  it("the shipped configuration's SMS templates are valid with or without provider ids", () => {
    expect(Object.keys(config.templates).length).toBeGreaterThan(0);
  });
});

describe("delivery receipts", () => {
  const token = "a-callback-token-of-the-deployment";

  it("an Aliyun SmsReport with the deployment's token becomes receipts naming the message by OutId", () => {
    const body = JSON.stringify([
      {
        phone_number: "13900000001",
        send_time: "2026-12-02 10:00:00",
        report_time: "2026-12-02 10:00:05",
        success: true,
        err_code: "DELIVERED",
        err_msg: "用户接收成功",
        sms_size: "1",
        biz_id: "900619746936498440^0",
        out_id: "0123456789abcdef",
      },
    ]);
    const read = createAliyunReceipts(token).read({ headers: {}, body, query: { token } });

    expect(read).toEqual({
      ok: true,
      receipts: [
        {
          provider: "aliyun",
          providerMessageId: "900619746936498440^0",
          outId: "0123456789abcdef",
          to: "13900000001",
          delivered: true,
          code: "DELIVERED",
          at: "2026-12-02T02:00:05.000Z",
        },
      ],
    });
  });

  it("a Tencent status callback becomes receipts naming the message by its SerialNo", () => {
    const body = JSON.stringify([
      {
        user_receive_time: "2026-12-02 10:00:05",
        nationcode: "86",
        mobile: "13900000001",
        report_status: "FAIL",
        errmsg: "MK:0001",
        description: "用户短信接收失败",
        sid: "2433:21563400231020345",
      },
    ]);
    const read = createTencentReceipts(token).read({ headers: {}, body, query: { token } });

    expect(read.ok && read.receipts[0]).toMatchObject({
      delivered: false,
      code: "MK:0001",
      providerMessageId: "2433:21563400231020345",
    });
  });

  it("a callback without the token, with another token, or with a malformed body is refused", () => {
    const reader = createTencentReceipts(token);

    expect(reader.read({ headers: {}, body: "[]", query: {} })).toEqual({ ok: false, reason: "token" });
    expect(reader.read({ headers: {}, body: "[]", query: { token: `${token}x` } })).toEqual({
      ok: false,
      reason: "token",
    });
    expect(reader.read({ headers: {}, body: "not json", query: { token } })).toEqual({
      ok: false,
      reason: "body",
    });
    expect(reader.read({ headers: {}, body: '[{"sid":1}]', query: { token } })).toEqual({
      ok: false,
      reason: "body",
    });
  });

  it("a token too short to be a secret never matches", () => {
    expect(tokenMatches("short", "short")).toBe(false);
    expect(tokenMatches(token, token)).toBe(true);
  });
});

describe("SMTP replies", () => {
  it("4xx is tried again (421/450/451 as throttling), 5xx is permanent, no reply is tried again", () => {
    expect(classifySmtp({ responseCode: 421, message: "too many connections" })).toMatchObject({
      retryable: true,
      throttled: true,
      code: "421",
    });
    expect(classifySmtp({ responseCode: 550, message: "mailbox unavailable" })).toMatchObject({
      retryable: false,
      code: "550",
    });
    expect(
      classifySmtp({ responseCode: 535, code: "EAUTH", message: "authentication failed" }),
    ).toMatchObject({ retryable: false });
    expect(classifySmtp({ code: "ECONNECTION", message: "connect ECONNREFUSED" })).toMatchObject({
      retryable: true,
      code: "ECONNECTION",
    });
  });
});

describe("the channel a deployment chose", () => {
  const secrets = fixedSecrets({
    "arn:aliyun": {
      accessKeyId: "LTAI5tFakeAccessKeyId",
      accessKeySecret: "fake-access-key-secret-0123456789",
    },
  });

  it("a mainland provider without a template id for every SMS template stops the start, naming them", async () => {
    const settings = SmsSettings.parse({ provider: "aliyun", secretArn: "arn:aliyun" });

    await expect(smsChannelFromSettings(settings, secrets, { templates: config.templates })).rejects.toThrow(
      /SMS provider aliyun: no template id for .*monthly-report-reminder/,
    );
  });

  it("with every id, the Aliyun channel with the documented default parameter limit", async () => {
    const templates = Object.fromEntries(
      Object.entries(config.templates).map(([name, t]) => [
        name,
        t.sms ? { ...t, sms: { ...t.sms, providerTemplateIds: { aliyun: "SMS_465001" } } } : t,
      ]),
    );
    const settings = SmsSettings.parse({ provider: "aliyun", secretArn: "arn:aliyun" });
    const channel = await smsChannelFromSettings(settings, secrets, { templates });

    expect(settings).toMatchObject({ parameterMaxLength: 35 });
    expect(channel.provider).toBe("aliyun");
    expect(channel.lookup).toBeTypeOf("function");
  });

  it("a secret of the wrong shape names the missing fields, never a value", async () => {
    const wrong = fixedSecrets({ "arn:aliyun": { accessKeyId: "LTAI5tFakeAccessKeyId" } });
    const settings = SmsSettings.parse({ provider: "aliyun", secretArn: "arn:aliyun" });

    await expect(
      smsChannelFromSettings(settings, wrong, { templates: {}, lenientTemplateIds: true }),
    ).rejects.toThrow(/accessKeySecret/);
  });

  it("locally nothing set keeps the sink and the SES viewer", async () => {
    expect(await channelsFromEnv({}, config.templates)).toEqual({});
  });

  it("locally DUBAN_SMS_PROVIDER with a fake endpoint and DUBAN_SMTP_URL choose those channels", async () => {
    const channels = await channelsFromEnv(
      {
        DUBAN_SMS_PROVIDER: "tencent",
        DUBAN_SMS_APP_ID: "1400006666",
        DUBAN_SMS_ENDPOINT: "http://127.0.0.1:4010",
        DUBAN_SMS_SECRET: JSON.stringify({
          secretId: "AKIDfakeSecretId0123456789",
          secretKey: "fake-secret-key-0123456789abcdef",
        }),
        DUBAN_SMTP_URL: "smtps://duban%40example.gov.cn:pw@smtp.qiye.aliyun.com:465",
      },
      config.templates,
    );

    expect(channels.smsChannel?.provider).toBe("tencent");
    expect(channels.emailChannel).toBeDefined();
  });
});

describe("provider credentials from Secrets Manager", () => {
  const client = (secretString: string | undefined) => {
    const asked: string[] = [];
    return {
      asked,
      send: async (command: { input: { SecretId?: string } }) => {
        asked.push(String(command.input.SecretId));
        if (secretString === undefined) throw new Error("AccessDeniedException");
        return { SecretString: secretString };
      },
    };
  };
  const arn = "arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:duban/aliyun-AbCdEf";

  it("reads a secret once per process, checked by the provider's schema", async () => {
    const sm = client(
      JSON.stringify({
        accessKeyId: "LTAI5tFakeAccessKeyId",
        accessKeySecret: "fake-access-key-secret-0123456789",
      }),
    );
    const secrets = createSecretReader(sm as never);

    const first = await secrets.read(arn, AliyunSecret);
    const second = await secrets.read(arn, AliyunSecret);

    expect(first.accessKeyId).toBe("LTAI5tFakeAccessKeyId");
    expect(second).toBe(first);
    expect(sm.asked).toEqual([arn]);
  });

  it("a malformed secret names the secret and the field, never the values", async () => {
    const sm = client(JSON.stringify({ accessKeyId: "LTAI5tFakeAccessKeyId", accessKeySecret: "short" }));

    const error = await createSecretReader(sm as never)
      .read(arn, AliyunSecret)
      .catch((e: Error) => e.message);

    expect(error).toBe(`secret ${arn} lacks or has malformed: accessKeySecret`);
    expect(error).not.toContain("LTAI5t");
  });

  it("a failed read is not kept: the next message asks again", async () => {
    const sm = client(undefined);
    const secrets = createSecretReader(sm as never);

    await expect(secrets.read(arn, AliyunSecret)).rejects.toThrow("AccessDeniedException");
    await expect(secrets.read(arn, AliyunSecret)).rejects.toThrow("AccessDeniedException");
    expect(sm.asked).toHaveLength(2);
  });
});
