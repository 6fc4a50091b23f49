import type { SendResult } from "../../domain/ports";

/** What an error code of a provider means for the message: slow down, try again later, or give up. */
export type ErrorKind = "throttled" | "transient" | "permanent";

type CodeTable = {
  /** Codes with a meaning of their own. */
  exact: Record<string, ErrorKind>;
  /** Families of codes by prefix (first match wins), after the exact ones. */
  prefixes: [string, ErrorKind][];
  /**
   * A code in neither: tried again, a bounded number of times (`notify.retry.maxAttempts`). A message lost
   * to a code nobody listed costs more than a few retries of one the provider will refuse again.
   */
  otherwise: ErrorKind;
};

/**
 * The providers' error codes (Aliyun SendSms/QuerySendDetails "错误码"; Tencent Cloud SMS API 2021-01-11
 * "错误码"). Throttling covers both the API's rate and the per-number frequency limits (one number may get
 * only so many messages a minute, an hour, a day): waiting helps. Transient: the provider's own faults and
 * an exhausted balance (a top-up helps). Permanent: the number, the template, the sign or the account's
 * rights are wrong, and the same request will be refused again.
 */
export const providerErrorCodes: Record<"aliyun" | "tencent", CodeTable> = {
  aliyun: {
    exact: {
      "isv.BUSINESS_LIMIT_CONTROL": "throttled",
      "isv.DAY_LIMIT_CONTROL": "throttled",
      "Throttling.User": "throttled",
      "Throttling.Api": "throttled",
      Throttling: "throttled",
      "isp.SYSTEM_ERROR": "transient",
      "isp.GATEWAY_ERROR": "transient",
      "isv.OUT_OF_SERVICE": "transient",
      "isv.AMOUNT_NOT_ENOUGH": "transient",
      InternalError: "transient",
      ServiceUnavailable: "transient",
      "isv.MOBILE_NUMBER_ILLEGAL": "permanent",
      "isv.MOBILE_COUNT_OVER_LIMIT": "permanent",
      "isv.TEMPLATE_MISSING_PARAMETERS": "permanent",
      "isv.SMS_TEMPLATE_ILLEGAL": "permanent",
      "isv.SMS_SIGNATURE_ILLEGAL": "permanent",
      "isv.SMS_SIGN_ILLEGAL": "permanent",
      "isv.SMS_CONTENT_ILLEGAL": "permanent",
      "isv.INVALID_PARAMETERS": "permanent",
      "isv.INVALID_JSON_PARAM": "permanent",
      "isv.PARAM_LENGTH_LIMIT": "permanent",
      "isv.PARAM_NOT_SUPPORT_URL": "permanent",
      "isv.BLACK_KEY_CONTROL_LIMIT": "permanent",
      "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": "permanent",
      "isv.ACCOUNT_NOT_EXISTS": "permanent",
      "isv.ACCOUNT_ABNORMAL": "permanent",
      "isv.DENY_IP_RANGE": "permanent",
      "isp.RAM_PERMISSION_DENY": "permanent",
      SignatureDoesNotMatch: "permanent",
      "InvalidAccessKeyId.NotFound": "permanent",
    },
    prefixes: [
      ["Throttling", "throttled"],
      ["isp.", "transient"],
      ["InvalidAccessKeyId", "permanent"],
      ["Forbidden", "permanent"],
    ],
    otherwise: "transient",
  },
  tencent: {
    exact: {
      RequestLimitExceeded: "throttled",
      // More than 200 numbers in one call: the request is wrong, not the rate.
      "LimitExceeded.PhoneNumberCountLimit": "permanent",
      "FailedOperation.PhoneNumberInBlacklist": "permanent",
      "FailedOperation.SignatureIncorrectOrUnapproved": "permanent",
      "FailedOperation.TemplateIncorrectOrUnapproved": "permanent",
      "FailedOperation.ContainSensitiveWord": "permanent",
      "FailedOperation.MarketingSendTimeConstraint": "transient",
      "FailedOperation.InsufficientBalanceInSmsPackage": "transient",
      "FailedOperation.JsonParseFail": "permanent",
      "FailedOperation.PhoneNumberParseFail": "permanent",
      "FailedOperation.FailResolvePacket": "transient",
      UnknownError: "transient",
    },
    prefixes: [
      ["LimitExceeded.", "throttled"],
      ["RequestLimitExceeded", "throttled"],
      ["InternalError", "transient"],
      ["InvalidParameterValue.", "permanent"],
      ["InvalidParameter", "permanent"],
      ["MissingParameter", "permanent"],
      ["UnauthorizedOperation.", "permanent"],
      ["UnsupportedOperation.", "permanent"],
      ["AuthFailure", "permanent"],
      ["FailedOperation.", "permanent"],
    ],
    otherwise: "transient",
  },
};

export function kindOf(provider: "aliyun" | "tencent", code: string): ErrorKind {
  const table = providerErrorCodes[provider];
  const exact = table.exact[code];
  if (exact) return exact;
  return table.prefixes.find(([prefix]) => code.startsWith(prefix))?.[1] ?? table.otherwise;
}

/** A provider's refusal as the outbox records it. */
export function refusal(provider: "aliyun" | "tencent", code: string, message: string): SendResult {
  const kind = kindOf(provider, code);
  return {
    ok: false,
    retryable: kind !== "permanent",
    ...(kind === "throttled" ? { throttled: true } : {}),
    code,
    error: `${code}: ${message}`,
  };
}

/** No answer at all (refused connection, reset, timeout, a 5xx without a code): worth another try. */
export function unreachable(error: unknown): SendResult {
  const e = error as { code?: string; message?: string };
  return { ok: false, retryable: true, error: `${e.code ?? "NetworkError"}: ${e.message ?? String(error)}` };
}
