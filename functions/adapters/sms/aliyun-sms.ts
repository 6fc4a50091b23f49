import Dysmsapi, { QuerySendDetailsRequest, SendSmsRequest } from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { DeliveryLookup, SendResult, SmsChannel } from "../../domain/ports";
import { fitParameters } from "../../domain/sms-parameters";
import { beijingDay } from "./beijing-time";
import { refusal, unreachable } from "./provider-errors";

export type AliyunSmsOptions = {
  accessKeyId: string;
  accessKeySecret: string;
  /** `dysmsapi.aliyuncs.com` (the default); a fake provider's `127.0.0.1:<port>` in tests. */
  endpoint?: string;
  protocol?: "https" | "http";
  /** Characters per template variable (functions/domain/sms-parameters.ts). */
  parameterMaxLength: number;
  timeoutMs?: number;
};

/** The SDK is CommonJS: loaded by Node's ESM loader its default export is `module.exports`. */
const Client = ((Dysmsapi as unknown as { default?: typeof Dysmsapi }).default ??
  Dysmsapi) as typeof Dysmsapi;

/**
 * Aliyun 短信服务 (Dysmsapi 2017-05-25) through its official SDK, which signs every call (ACS3-HMAC-SHA256).
 * SendSms carries the sign name, the template code, the parameters as JSON and the message's `OutId`, so a
 * send whose answer was lost can be found again with QuerySendDetails (by number and day, matched by OutId).
 */
export function createAliyunSms(options: AliyunSmsOptions): SmsChannel {
  const client = new Client(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: options.endpoint ?? "dysmsapi.aliyuncs.com",
      protocol: options.protocol ?? "https",
      connectTimeout: options.timeoutMs ?? 5_000,
      readTimeout: options.timeoutMs ?? 10_000,
    }),
  );

  async function call<T>(
    run: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; result: SendResult }> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const e = error as { code?: string; message?: string; statusCode?: number; data?: { Code?: string } };
      const code = e.data?.Code ?? e.code;
      // An answer with a code (4xx, throttling, the provider's 5xx) says what happened; none did not arrive.
      if (code && e.statusCode) return { ok: false, result: refusal("aliyun", code, e.message ?? code) };
      return { ok: false, result: unreachable(error) };
    }
  }

  return {
    provider: "aliyun",
    async send(request): Promise<SendResult> {
      const answer = await call(() =>
        client.sendSms(
          new SendSmsRequest({
            phoneNumbers: request.to,
            signName: request.signName,
            templateCode: request.templateId,
            templateParam: JSON.stringify(fitParameters(request.params, options.parameterMaxLength)),
            outId: request.outId,
          }),
        ),
      );
      if (!answer.ok) return answer.result;
      const body = answer.value.body;
      if (body?.code !== "OK") return refusal("aliyun", body?.code ?? "Unknown", body?.message ?? "no code");
      return { ok: true, providerMessageId: body.bizId ?? request.outId };
    },

    async lookup(query): Promise<DeliveryLookup> {
      // A send made just before midnight may be filed under the next day: ask both.
      const days = [
        ...new Set([
          beijingDay(query.sentAt),
          beijingDay(new Date(new Date(query.sentAt).getTime() + 600_000)),
        ]),
      ];
      for (const day of days) {
        // Pages of 50 (the API's largest); a number gets few messages a day, ten pages bound the question.
        for (let page = 1; page <= 10; page++) {
          const answer = await call(() =>
            client.querySendDetails(
              new QuerySendDetailsRequest({
                phoneNumber: query.to,
                sendDate: day,
                pageSize: 50,
                currentPage: page,
                ...(query.providerMessageId ? { bizId: query.providerMessageId } : {}),
              }),
            ),
          );
          if (!answer.ok) throw new Error(answer.result.ok ? "QuerySendDetails failed" : answer.result.error);
          const body = answer.value.body;
          if (body?.code !== "OK") throw new Error(`${body?.code}: ${body?.message}`);
          const details = body.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
          const match = details.find((d) => d.outId === query.outId);
          if (match) {
            // SendStatus: 1 waiting for the carrier's receipt, 2 failed, 3 delivered.
            const state =
              match.sendStatus === 3 ? "delivered" : match.sendStatus === 2 ? "undelivered" : "sent";
            return {
              kind: "found",
              state,
              ...(query.providerMessageId ? { providerMessageId: query.providerMessageId } : {}),
              ...(match.errCode ? { code: match.errCode } : {}),
            };
          }
          if (page * 50 >= Number(body.totalCount ?? details.length)) break;
        }
      }
      return { kind: "not_found" };
    },
  };
}
