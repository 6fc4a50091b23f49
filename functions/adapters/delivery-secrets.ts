import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod";

/** What each provider's secret (JSON in Secrets Manager) holds; a secret of the wrong shape stops the start. */
export const AliyunSecret = z.object({
  accessKeyId: z.string().min(16).max(64),
  accessKeySecret: z.string().min(20).max(128),
  /** The `?token=` of the SmsReport push URL configured in the Aliyun console. */
  callbackToken: z.string().min(16).max(256).optional(),
});
export const TencentSecret = z.object({
  secretId: z.string().min(16).max(128),
  secretKey: z.string().min(16).max(128),
  /** The `?token=` of the status callback URL configured in the Tencent console. */
  callbackToken: z.string().min(16).max(256).optional(),
});
export const SmtpSecret = z.object({ user: z.string().min(1).max(320), pass: z.string().min(1).max(256) });

export type SecretReader = {
  /** The secret's JSON, checked by the schema. Read once per cold start; never logged, never stored. */
  read<T>(arn: string, schema: z.ZodType<T>): Promise<T>;
};

/**
 * Provider credentials from AWS Secrets Manager by ARN, kept in memory for the life of the process (one
 * read per secret per cold start). An error names the secret's ARN and the field, never a value.
 */
export function createSecretReader(client: Pick<SecretsManagerClient, "send">): SecretReader {
  const cache = new Map<string, Promise<unknown>>();
  return {
    read<T>(arn: string, schema: z.ZodType<T>): Promise<T> {
      let pending = cache.get(arn);
      if (!pending) {
        pending = (async () => {
          const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
          let json: unknown;
          try {
            json = JSON.parse(out.SecretString ?? "");
          } catch {
            throw new Error(`secret ${arn} is not JSON`);
          }
          const parsed = schema.safeParse(json);
          if (!parsed.success) {
            const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
            throw new Error(`secret ${arn} lacks or has malformed: ${fields}`);
          }
          return parsed.data;
        })();
        // A failed read is not kept: the next message tries again (a grant fixed, a secret filled in).
        pending.catch(() => cache.delete(arn));
        cache.set(arn, pending);
      }
      return pending as Promise<T>;
    },
  };
}

/** Secrets given directly (locally and in tests: no Secrets Manager), by the same name an ARN would have. */
export function fixedSecrets(values: Record<string, unknown>): SecretReader {
  return {
    async read<T>(arn: string, schema: z.ZodType<T>): Promise<T> {
      if (!(arn in values)) throw new Error(`no secret ${arn}`);
      return schema.parse(values[arn]);
    },
  };
}
