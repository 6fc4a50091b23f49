import type { Node } from "constructs";
import { z } from "zod";

/**
 * The deployment's own facts, read from CDK context (`-c key=value` or cdk.json). The defaults only make
 * `cdk synth` work offline and in tests; a real deployment overrides every one marked "must override".
 */
export const DubanParameters = z.object({
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
});
export type DubanParameters = z.infer<typeof DubanParameters>;

export const PARAMETER_DEFAULTS = {
  emailFrom: "duban@example.com",
  smsOriginationIdentity: "pool-MUST-OVERRIDE-smsOriginationIdentity",
  jwtIssuer: "https://auth.example.com/",
  jwtAudience: "duban",
  consoleClientId: "duban-console",
  consoleScope: "openid profile",
} as const satisfies Omit<DubanParameters, "alarmEmail">;

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
  });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `-c ${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid deployment parameters: ${problems}`);
  }
  return result.data;
}
