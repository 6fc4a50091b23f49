import type { Node } from "constructs";
import * as z from "zod";

/**
 * The deployment's own facts, read from CDK context (`-c key=value` or cdk.json). The defaults only make
 * `cdk synth` work offline and in tests; a real deployment overrides every one marked "must override".
 */
export const DubanParameters = z
  .object({
    /** A verified SES identity (the address, or an address of a verified domain). */
    emailFrom: z
      .string()
      .regex(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/, "a bare email address, e.g. duban@example.gov.cn"),
    /**
     * The End User Messaging SMS origination identity (phone number, sender id or pool; id or ARN) registered
     * for mainland China sending. Must override: the default names nothing.
     */
    smsOriginationIdentity: z.string().min(1),
    /** The OIDC issuer whose tokens the HTTP API accepts; API Gateway fetches its discovery document. */
    jwtIssuer: z.url({
      protocol: /^https$/,
      error: "an https URL, exactly as the tokens' iss claim spells it",
    }),
    /** The `aud` the issuer puts in tokens meant for duban. */
    jwtAudience: z.string().min(1),
    /** The console's public OIDC client (authorization code + PKCE) at the issuer above. */
    consoleClientId: z.string().min(1),
    /** The scopes the console asks for; the access token must carry role, jurisdiction, enterprise, sub. */
    consoleScope: z.string().min(1),
    /** Where alarm notifications go; without it the topic has no subscriber (subscribe by hand). */
    alarmEmail: z.email().optional(),
    /**
     * The region to synthesize for. Without it the stack is environment-agnostic (the account and region of
     * the CLI's credentials). `cn-north-1` (Beijing) or `cn-northwest-1` (Ningxia) builds the China stack: no
     * SES and no End User Messaging there, so email goes out by SMTP and SMS through a mainland provider.
     */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as cn-northwest-1")
      .optional(),
    /** China: the mainland SMS provider (its credentials in the SmsCredentials secret). */
    smsProvider: z.enum(["aliyun", "tencent"]),
    /** China with Tencent Cloud SMS: the SmsSdkAppId of the SMS application (its console, 应用管理). */
    smsSdkAppId: z
      .string()
      .regex(/^\d{6,20}$/, "the SmsSdkAppId is a number")
      .optional(),
    /** China with Tencent Cloud SMS: the region of its API. */
    smsRegion: z.enum(["ap-guangzhou", "ap-beijing", "ap-nanjing"]),
    /** China: the SMTP server of the sending mailbox (阿里企业邮 smtp.qiye.aliyun.com, 腾讯企业邮 smtp.exmail.qq.com). */
    smtpHost: z.string().regex(/^[a-z0-9.-]+$/i, "a host name such as smtp.qiye.aliyun.com"),
    /** China: the SMTP port; 465 is TLS from the first byte (the only mode duban uses). */
    smtpPort: z.coerce.number().int().min(1).max(65535),
  })
  .refine((p) => !(p.region?.startsWith("cn-") && p.smsProvider === "tencent" && !p.smsSdkAppId), {
    path: ["smsSdkAppId"],
    message: "Tencent Cloud SMS needs the SmsSdkAppId of its SMS application",
  });
export type DubanParameters = z.infer<typeof DubanParameters>;

export const PARAMETER_DEFAULTS = {
  emailFrom: "duban@example.com",
  smsOriginationIdentity: "pool-MUST-OVERRIDE-smsOriginationIdentity",
  jwtIssuer: "https://auth.example.com/",
  jwtAudience: "duban",
  consoleClientId: "duban-console",
  consoleScope: "openid profile",
  smsProvider: "aliyun",
  smsRegion: "ap-guangzhou",
  smtpHost: "smtp.qiye.aliyun.com",
  smtpPort: 465,
} as const satisfies Omit<DubanParameters, "alarmEmail" | "region" | "smsSdkAppId">;

/** The AWS China regions (partition aws-cn): no SES, no End User Messaging, CloudFront only with ICP filing. */
export const isChina = (parameters: Pick<DubanParameters, "region">) =>
  parameters.region?.startsWith("cn-") === true;

/** Reads the parameters from context; a bad value fails synth naming the key, before anything is built. */
export function parametersFrom(node: Node): DubanParameters {
  const read = (key: keyof DubanParameters) => {
    const value: unknown = node.tryGetContext(key);
    // `-c alarmEmail=` arrives as an empty string: treat it as not given.
    return value === "" ? undefined : value;
  };
  const result = DubanParameters.safeParse({
    emailFrom: read("emailFrom") ?? PARAMETER_DEFAULTS.emailFrom,
    smsOriginationIdentity: read("smsOriginationIdentity") ?? PARAMETER_DEFAULTS.smsOriginationIdentity,
    jwtIssuer: read("jwtIssuer") ?? PARAMETER_DEFAULTS.jwtIssuer,
    jwtAudience: read("jwtAudience") ?? PARAMETER_DEFAULTS.jwtAudience,
    consoleClientId: read("consoleClientId") ?? PARAMETER_DEFAULTS.consoleClientId,
    consoleScope: read("consoleScope") ?? PARAMETER_DEFAULTS.consoleScope,
    alarmEmail: read("alarmEmail"),
    region: read("region"),
    smsProvider: read("smsProvider") ?? PARAMETER_DEFAULTS.smsProvider,
    smsSdkAppId: read("smsSdkAppId"),
    smsRegion: read("smsRegion") ?? PARAMETER_DEFAULTS.smsRegion,
    smtpHost: read("smtpHost") ?? PARAMETER_DEFAULTS.smtpHost,
    smtpPort: read("smtpPort") ?? PARAMETER_DEFAULTS.smtpPort,
  });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `-c ${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid deployment parameters: ${problems}`);
  }
  return result.data;
}
