import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { countCalls } from "../aws-calls";
import type { PortFactory } from "../lambda-deps";
import { createPageTokens, pageTokenKey } from "../page-tokens";

const systemClock = { now: () => new Date() };

/** Page tokens keyed by the deployment's Secrets Manager secret, read once at cold start (HTTP functions). */
export const pageTokensPort: PortFactory<"pageTokens"> = {
  port: "pageTokens",
  build: async ({ env }) => {
    if (!env.PAGE_TOKEN_SECRET_ARN) throw new Error("this function has no PAGE_TOKEN_SECRET_ARN");
    const out = await countCalls(new SecretsManagerClient({})).send(
      new GetSecretValueCommand({ SecretId: env.PAGE_TOKEN_SECRET_ARN }),
    );
    if (!out.SecretString) throw new Error("the page-token secret has no string value");
    return createPageTokens(pageTokenKey(out.SecretString), systemClock);
  },
};
