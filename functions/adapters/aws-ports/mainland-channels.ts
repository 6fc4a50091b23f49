import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { config } from "../../../config";
import type { EmailChannel, SmsChannel } from "../../domain/ports";
import { countCalls } from "../aws-calls";
import { createSecretReader } from "../delivery-secrets";
import {
  EmailSettings,
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

/**
 * The channels of the AWS China regions: SMTP email and Aliyun or Tencent Cloud SMS, as `EMAIL_SETTINGS`
 * and `SMS_SETTINGS` name them (infra/notify.ts MainlandNotify), credentials read from Secrets Manager at
 * cold start (functions/adapters/delivery-secrets.ts), by the functions that send only.
 */
export async function mainlandChannels(env: LambdaEnv): Promise<{ email: EmailChannel; sms: SmsChannel }> {
  const email = parsed("EMAIL_SETTINGS", env.EMAIL_SETTINGS, EmailSettings);
  if (email.provider !== "smtp") throw new Error("EMAIL_SETTINGS: the China regions have no SES; use smtp");
  const sms = parsed("SMS_SETTINGS", env.SMS_SETTINGS, SmsSettings);
  if (sms.provider !== "aliyun" && sms.provider !== "tencent") {
    throw new Error("SMS_SETTINGS: the China regions have no End User Messaging; use aliyun or tencent");
  }
  const secrets = createSecretReader(countCalls(new SecretsManagerClient({})));
  return {
    email: await smtpEmailFromSettings(email, secrets),
    sms: await smsChannelFromSettings(sms, secrets, { templates: config.templates }),
  };
}
