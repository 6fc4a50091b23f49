import { Agent } from "node:http";
import { connect } from "node:net";
import * as tencentSms from "tencentcloud-sdk-nodejs-sms";
import type { DeliveryLookup, SendResult, SmsChannel } from "../../domain/ports";
import { fitParameters } from "../../domain/sms-parameters";
import { refusal, unreachable } from "./provider-errors";

export type TencentSmsOptions = {
  secretId: string;
  secretKey: string;
  /** The SMS application (短信应用 SDK AppID). */
  sdkAppId: string;
  /** `ap-guangzhou` (the default; mainland SMS is served there), `ap-beijing` or `ap-nanjing`. */
  region?: string;
  /**
   * Where requests actually go, for a fake provider in tests and locally: the request still names
   * `sms.tencentcloudapi.com` (the host is part of the TC3-HMAC-SHA256 signature and its service name)
   * but is sent over plain HTTP to this address.
   */
  connectTo?: { host: string; port: number };
  /** Characters per template variable (functions/domain/sms-parameters.ts). */
  parameterMaxLength: number;
  timeoutSeconds?: number;
};

/** Routes every connection to one address, whatever the URL's host. */
class FixedAddressAgent extends Agent {
  constructor(private readonly address: { host: string; port: number }) {
    super({ keepAlive: true });
  }
  override createConnection(): ReturnType<typeof connect> {
    return connect(this.address.port, this.address.host);
  }
}

/** The SDK is CommonJS: by name through the namespace, whichever way the loader wraps it. */
const sdk = ((tencentSms as unknown as { default?: typeof tencentSms }).default ??
  tencentSms) as typeof tencentSms;

/**
 * Tencent Cloud SMS (API 2021-01-11) through its official SDK, which signs every call (TC3-HMAC-SHA256).
 * SendSms carries the app, sign, template and the parameters in the template's order ({1}, {2}, …, the
 * order of the template's `params`), and the message's outId as `SessionContext`, which Tencent returns in
 * the status reports: a send whose answer was lost is found again by PullSmsSendStatusByPhoneNumber.
 */
export function createTencentSms(options: TencentSmsOptions): SmsChannel {
  const client = new sdk.sms.v20210111.Client({
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region ?? "ap-guangzhou",
    profile: {
      httpProfile: {
        endpoint: "sms.tencentcloudapi.com",
        reqTimeout: options.timeoutSeconds ?? 10,
        ...(options.connectTo
          ? { protocol: "http://", agent: new FixedAddressAgent(options.connectTo) }
          : {}),
      },
    },
  });

  function failure(error: unknown): SendResult {
    const e = error as { code?: string; message?: string; requestId?: string };
    // With a code and a request id the API answered; without, the call never got an answer.
    if (e.code && e.requestId) return refusal("tencent", e.code, e.message ?? e.code);
    return unreachable(error);
  }

  return {
    provider: "tencent",
    async send(request): Promise<SendResult> {
      let answer: Awaited<ReturnType<typeof client.SendSms>>;
      try {
        answer = await client.SendSms({
          PhoneNumberSet: [`+86${request.to}`],
          SmsSdkAppId: options.sdkAppId,
          SignName: request.signName,
          TemplateId: request.templateId,
          TemplateParamSet: Object.values(fitParameters(request.params, options.parameterMaxLength)),
          SessionContext: request.outId,
        });
      } catch (error) {
        return failure(error);
      }
      // The call succeeds as a whole; each number has its own status.
      const status = answer.SendStatusSet?.[0];
      if (!status) return { ok: false, retryable: true, error: "SendSms answered without a status" };
      if (status.Code !== "Ok") return refusal("tencent", status.Code ?? "Unknown", status.Message ?? "");
      return { ok: true, providerMessageId: status.SerialNo ?? request.outId };
    },

    async lookup(query): Promise<DeliveryLookup> {
      const from = Math.floor(new Date(query.sentAt).getTime() / 1000) - 300;
      let answer: Awaited<ReturnType<typeof client.PullSmsSendStatusByPhoneNumber>>;
      try {
        answer = await client.PullSmsSendStatusByPhoneNumber({
          BeginTime: from,
          EndTime: from + 86_400,
          Offset: 0,
          Limit: 100,
          PhoneNumber: `+86${query.to}`,
          SmsSdkAppId: options.sdkAppId,
        });
      } catch (error) {
        const result = failure(error);
        throw new Error(result.ok ? "lookup failed" : result.error);
      }
      const match = answer.PullSmsSendStatusSet?.find((s) => s.SessionContext === query.outId);
      if (!match) return { kind: "not_found" };
      return {
        kind: "found",
        state: match.ReportStatus === "SUCCESS" ? "delivered" : "undelivered",
        ...(match.SerialNo ? { providerMessageId: match.SerialNo } : {}),
        ...(match.Description ? { code: match.Description } : {}),
      };
    },
  };
}
