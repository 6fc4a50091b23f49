import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PolicyLayer } from "../../domain/policy";
import type { PolicyStore } from "../../domain/policy-service";
import { isConditionFailure, queryAll, stripKeys } from "./batch";

/**
 * Policy layers: one item per jurisdiction that differs (a handful per province), listed through gsi1 and
 * written only over the version the writer read (a single-item conditional write).
 */
export function createPolicyStore(db: DynamoDBDocumentClient, table: string): PolicyStore {
  return {
    async list() {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "POLICIES" },
      });
      return items.map((i) => stripKeys<PolicyLayer>(i));
    },
    async put(layer, previousVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: `POLICY#${layer.jurisdiction}`,
              sk: "A#POLICY",
              type: "policy",
              gsi1pk: "POLICIES",
              gsi1sk: layer.jurisdiction,
              ...layer,
            },
            ...(previousVersion === 0
              ? { ConditionExpression: "attribute_not_exists(pk)" }
              : {
                  ConditionExpression: "version = :previous",
                  ExpressionAttributeValues: { ":previous": previousVersion },
                }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
