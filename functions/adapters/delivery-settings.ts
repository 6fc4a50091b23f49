import type { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import * as z from "zod";
import { checkProviderTemplates, type Template } from "../domain/config-schema";
import type { EmailChannel, ReceiptReader, SmsChannel } from "../domain/ports";
import { defaultParameterMaxLength } from "../domain/sms-parameters";
import { AliyunSecret, type SecretReader, SmtpSecret, TencentSecret } from "./delivery-secrets";
import { createAliyunReceipts } from "./sms/aliyun-receipts";
import { createTencentReceipts } from "./sms/tencent-receipts";

/** A fake provider's address (tests, local runs): `http://127.0.0.1:<port>`. Never set in a deployment. */
const FakeEndpoint = z.url({ protocol: /^http$/ }).max(200);
const SecretArn = z.string().min(1).max(2048);

/** Which SMS provider a deployment sends through, and what it needs besides its secret. */
export const SmsSettings = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("eum"),
    originationIdentity: z.string().min(1).max(256),
    configurationSet: z.string().min(1).max(64).optional(),
  }),
  z.object({
    provider: z.literal("aliyun"),
    secretArn: SecretArn,
    endpoint: FakeEndpoint.optional(),
    parameterMaxLength: z.number().int().min(1).max(500).default(defaultParameterMaxLength.aliyun),
  }),
  z.object({
    provider: z.literal("tencent"),
    secretArn: SecretArn,
    sdkAppId: z.string().regex(/^\d{6,20}$/, "the SmsSdkAppId is a number"),
    region: z.enum(["ap-guangzhou", "ap-beijing", "ap-nanjing"]).default("ap-guangzhou"),
    endpoint: FakeEndpoint.optional(),
    parameterMaxLength: z.number().int().min(1).max(500).default(defaultParameterMaxLength.tencent),
  }),
  z.object({ provider: z.literal("sink") }),
]);
export type SmsSettings = z.infer<typeof SmsSettings>;

/** Which email channel a deployment sends through: SES, or a mailbox's SMTP server over TLS. */
export const EmailSettings = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("ses"),
    from: z.string().min(3).max(320),
    configurationSet: z.string().min(1).max(64).optional(),
  }),
  z.object({
    provider: z.literal("smtp"),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(465),
    /** true: TLS from the first byte (465); false: STARTTLS, which is then required. */
    secure: z.boolean().default(true),
    from: z.string().min(3).max(320),
    secretArn: SecretArn,
    /** A private CA (PEM) to trust, for a test server's self-signed certificate. */
    ca: z.string().max(20_000).optional(),
  }),
]);
export type EmailSettings = z.infer<typeof EmailSettings>;

function address(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return { host: url.hostname, port: Number(url.port || 80) };
}

/**
 * The SMS channel a deployment chose. Each provider's SDK is imported only when chosen (Aliyun's bundles to
 * about 1.1 MB minified, Tencent's 0.56 MB, nodemailer 0.24 MB): a function evaluates only its own, and a
 * bundle split by chunks ships the others apart. A mainland provider must know every SMS template by its own id: a
 * template without one stops the start with its name, rather than failing the day its message is due.
 */
export async function smsChannelFromSettings(
  settings: SmsSettings,
  secrets: SecretReader,
  options: {
    templates: Record<string, Template>;
    eumClient?: () => PinpointSMSVoiceV2Client;
    /** Only for a fake provider (tests, local runs): templates without the provider's id use `templateId`. */
    lenientTemplateIds?: boolean;
  },
): Promise<SmsChannel> {
  if ((settings.provider === "aliyun" || settings.provider === "tencent") && !options.lenientTemplateIds) {
    const missing = checkProviderTemplates(options.templates, settings.provider);
    if (missing.length) {
      throw new Error(`SMS provider ${settings.provider}: no template id for ${missing.join(", ")}`);
    }
  }
  switch (settings.provider) {
    case "eum": {
      if (!options.eumClient) throw new Error("SMS provider eum: no End User Messaging client");
      const { createEumSms } = await import("./eum-sms");
      return createEumSms(options.eumClient(), settings.originationIdentity, settings.configurationSet);
    }
    case "aliyun": {
      const secret = await secrets.read(settings.secretArn, AliyunSecret);
      const { createAliyunSms } = await import("./sms/aliyun-sms");
      const fake = settings.endpoint ? address(settings.endpoint) : undefined;
      return createAliyunSms({
        accessKeyId: secret.accessKeyId,
        accessKeySecret: secret.accessKeySecret,
        parameterMaxLength: settings.parameterMaxLength,
        ...(fake ? { endpoint: `${fake.host}:${fake.port}`, protocol: "http" as const } : {}),
      });
    }
    case "tencent": {
      const secret = await secrets.read(settings.secretArn, TencentSecret);
      const { createTencentSms } = await import("./sms/tencent-sms");
      return createTencentSms({
        secretId: secret.secretId,
        secretKey: secret.secretKey,
        sdkAppId: settings.sdkAppId,
        region: settings.region,
        parameterMaxLength: settings.parameterMaxLength,
        ...(settings.endpoint ? { connectTo: address(settings.endpoint) } : {}),
      });
    }
    case "sink":
      throw new Error("SMS provider sink: the local runtime makes its own (local/sms-sink.ts)");
  }
}

/** The SMTP channel of a deployment that chose it (SES is composed with its client where it runs). */
export async function smtpEmailFromSettings(
  settings: Extract<EmailSettings, { provider: "smtp" }>,
  secrets: SecretReader,
): Promise<EmailChannel> {
  const secret = await secrets.read(settings.secretArn, SmtpSecret);
  const { createSmtpEmail } = await import("./smtp-email");
  return createSmtpEmail({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    from: settings.from,
    user: secret.user,
    pass: secret.pass,
    ...(settings.ca ? { ca: settings.ca } : {}),
  });
}

/**
 * The reader of the chosen SMS provider's delivery reports (`POST /v1/provider-callbacks/{provider}`), or
 * none: End User Messaging reports through its configuration set's event destination, and a mainland
 * provider's secret without a `callbackToken` accepts no callbacks at all.
 */
export async function receiptReaderFromSettings(
  settings: SmsSettings,
  secrets: SecretReader,
): Promise<ReceiptReader | undefined> {
  if (settings.provider === "aliyun") {
    const token = (await secrets.read(settings.secretArn, AliyunSecret)).callbackToken;
    return token ? createAliyunReceipts(token) : undefined;
  }
  if (settings.provider === "tencent") {
    const token = (await secrets.read(settings.secretArn, TencentSecret)).callbackToken;
    return token ? createTencentReceipts(token) : undefined;
  }
  return undefined;
}
