import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { config } from "../../../config";
import type { EmailChannel, ReceiptReader, SmsChannel } from "../../domain/ports";
import { countCalls } from "../aws-calls";
import { createSecretReader, type SecretReader } from "../delivery-secrets";
import {
  EmailSettings,
  receiptReaderFromSettings,
  SmsSettings,
  smsChannelFromSettings,
  smtpEmailFromSettings,
} from "../delivery-settings";
import type { LambdaEnv } from "../lambda-deps";

/** A setting the environment carries as JSON, named in the error when it is not what infra/ writes. */
function parsed<T>(name: string, text: string | undefined, schema: { parse(value: unknown): T }): T {
  if (!text) throw new Error(`${name} is not set`);
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`${name} is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One reader per process: the channels and the receipt readers read the SMS secret once between them. */
let shared: SecretReader | undefined;
const sharedSecrets = () => {
  shared ??= createSecretReader(countCalls(new SecretsManagerClient({})));
  return shared;
};

/** The SMS settings of a mainland deployment, refusing a provider the China regions do not have. */
function mainlandSms(env: LambdaEnv) {
  const sms = parsed("SMS_SETTINGS", env.SMS_SETTINGS, SmsSettings);
  if (sms.provider !== "aliyun" && sms.provider !== "tencent") {
    throw new Error("SMS_SETTINGS: the China regions have no End User Messaging; use aliyun or tencent");
  }
  return sms;
}

/**
 * The channels of the AWS China regions: SMTP email and Aliyun or Tencent Cloud SMS, as `EMAIL_SETTINGS`
 * and `SMS_SETTINGS` name them (infra/notify.ts MainlandNotify), credentials read from Secrets Manager at
 * cold start (functions/adapters/delivery-secrets.ts), by the functions that send only.
 */
export async function mainlandChannels(env: LambdaEnv): Promise<{ email: EmailChannel; sms: SmsChannel }> {
  const email = parsed("EMAIL_SETTINGS", env.EMAIL_SETTINGS, EmailSettings);
  if (email.provider !== "smtp") throw new Error("EMAIL_SETTINGS: the China regions have no SES; use smtp");
  const sms = mainlandSms(env);
  const secrets = sharedSecrets();
  return {
    email: await smtpEmailFromSettings(email, secrets),
    sms: await smsChannelFromSettings(sms, secrets, { templates: config.templates }),
  };
}

/**
 * The chosen provider's delivery-report reader for `POST /v1/provider-callbacks/{provider}`, keyed by the
 * provider's name (`aliyun`, `tencent`): it verifies each callback with the `callbackToken` of the provider's
 * secret (Secrets Manager, the same secret the channel reads). A secret without one accepts no callbacks:
 * the route then answers 404 for the provider, and interrupted sends are still resolved by asking it
 * (QuerySendDetails, PullSmsSendStatus).
 */
export async function mainlandReceiptReaders(
  env: LambdaEnv,
  secrets: SecretReader = sharedSecrets(),
): Promise<Record<string, ReceiptReader>> {
  const sms = mainlandSms(env);
  const reader = await receiptReaderFromSettings(sms, secrets);
  return reader ? { [sms.provider]: reader } : {};
}
