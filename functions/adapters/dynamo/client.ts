import { Agent } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { countCalls } from "../aws-calls";
import { localSigner } from "../local-signer";

export type DynamoEnv = { tableName: string; endpoint?: string; region?: string };

/** A document client; with `endpoint` it talks to the local dynalite with dummy credentials. */
export function documentClient(env: DynamoEnv): DynamoDBDocumentClient {
  const local = env.endpoint
    ? {
        endpoint: env.endpoint,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        signer: localSigner,
        // Keep-alive sockets: the local store answers thousands of small requests a second. The handler's
        // options, not a NodeHttpHandler: the client makes its own, so no @smithy package is imported here
        // (on Lambda the SDK is the runtime's, which does not offer @smithy/* to import: infra/function.ts).
        requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
      }
    : {};
  const raw = countCalls(
    new DynamoDBClient({ region: env.region ?? process.env.AWS_REGION ?? "cn-north-1", ...local }),
  );
  return DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}
