import { readFileSync } from "node:fs";
import * as z from "zod";
import { fixedSecrets } from "../functions/adapters/delivery-secrets";
import {
  EmailSettings,
  SmsSettings,
  smsChannelFromSettings,
  smtpEmailFromSettings,
} from "../functions/adapters/delivery-settings";
import type { Template } from "../functions/domain/config-schema";
import type { EmailChannel, SmsChannel } from "../functions/domain/ports";

/**
 * The delivery channels of a local run, from the environment; by default none, so the stack keeps the
 * SMS sink and the local SES viewer. Locally the secret comes from the environment, never from a file in
 * the repository; on AWS the same settings name a Secrets Manager ARN (functions/adapters/delivery-settings.ts).
 *
 * - `DUBAN_SMS_PROVIDER=aliyun|tencent` (default `sink`), `DUBAN_SMS_SECRET` the provider's secret JSON
 *   (`{"accessKeyId","accessKeySecret"}` or `{"secretId","secretKey"}`), `DUBAN_SMS_APP_ID` Tencent's
 *   SmsSdkAppId, `DUBAN_SMS_ENDPOINT=http://127.0.0.1:<port>` a fake provider instead of the real one.
 * - `DUBAN_SMTP_URL=smtps://<user>:<password>@<host>:465` (TLS; `smtp://` requires STARTTLS),
 *   `DUBAN_SMTP_FROM` the sender, `DUBAN_SMTP_CA=<file.pem>` a private CA to trust.
 */
export async function channelsFromEnv(
  env: Record<string, string | undefined>,
  templates: Record<string, Template>,
): Promise<{ smsChannel?: SmsChannel; emailChannel?: EmailChannel }> {
  const channels: { smsChannel?: SmsChannel; emailChannel?: EmailChannel } = {};
  const provider = env.DUBAN_SMS_PROVIDER ?? "sink";
  if (provider !== "sink") {
    const settings = SmsSettings.parse({
      provider,
      secretArn: "env:DUBAN_SMS_SECRET",
      ...(env.DUBAN_SMS_APP_ID ? { sdkAppId: env.DUBAN_SMS_APP_ID } : {}),
      ...(env.DUBAN_SMS_ENDPOINT ? { endpoint: env.DUBAN_SMS_ENDPOINT } : {}),
    });
    const secret = z
      .string()
      .min(2)
      .parse(env.DUBAN_SMS_SECRET, { error: () => "DUBAN_SMS_SECRET: the provider's secret as JSON" });
    channels.smsChannel = await smsChannelFromSettings(
      settings,
      fixedSecrets({ "env:DUBAN_SMS_SECRET": JSON.parse(secret) }),
      // A fake provider knows no approved templates: the shipped configuration's ids serve.
      { templates, lenientTemplateIds: env.DUBAN_SMS_ENDPOINT !== undefined },
    );
  }
  if (env.DUBAN_SMTP_URL) {
    const url = new URL(env.DUBAN_SMTP_URL);
    const secure = url.protocol === "smtps:";
    const settings = EmailSettings.parse({
      provider: "smtp",
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      from: env.DUBAN_SMTP_FROM ?? decodeURIComponent(url.username),
      secretArn: "env:DUBAN_SMTP_URL",
      ...(env.DUBAN_SMTP_CA ? { ca: readFileSync(env.DUBAN_SMTP_CA, "utf8") } : {}),
    });
    if (settings.provider !== "smtp") throw new Error("DUBAN_SMTP_URL: not an SMTP server");
    const login = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    channels.emailChannel = await smtpEmailFromSettings(
      settings,
      fixedSecrets({ "env:DUBAN_SMTP_URL": login }),
    );
  }
  return channels;
}
