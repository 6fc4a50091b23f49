import type { EmailChannel, SmsChannel } from "../../domain/ports";
import type { LambdaEnv } from "../lambda-deps";

/**
 * The channels of the AWS China regions: SMTP email and Aliyun or Tencent Cloud SMS, as `EMAIL_SETTINGS`
 * and `SMS_SETTINGS` name them (infra/notify.ts MainlandNotify), credentials read from Secrets Manager.
 */
export async function mainlandChannels(env: LambdaEnv): Promise<{ email: EmailChannel; sms: SmsChannel }> {
  throw new Error(
    `mainland channels (${env.SMS_SETTINGS ? "SMS settings given" : "no SMS settings"}): the SMTP and mainland SMS adapters are not in this build`,
  );
}
