import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PolicyLayer } from "../../domain/policy";
import type { PolicyStore } from "../../domain/policy-service";
import { isConditionFailure, queryAll, stripKeys } from "./batch";

/**
 * Policy layers: one item per jurisdiction that differs (a handful per province), listed through gsi1 and
 * written only over the version the writer read (a single-item conditional write). Each write is also kept as
 * its own item (`V#<version>`, never changed), so a version a subject recorded stays readable for good.
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
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      // After the layer's own write, so only the winner of a race keeps its version; a crash in between
      // leaves that version in the layer's history (the last 50 writes) only.
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `POLICY#${layer.jurisdiction}`,
            sk: `V#${String(layer.version).padStart(6, "0")}`,
            type: "policy-version",
            version: layer.version,
            override: layer.override,
            at: layer.updatedAt,
            by: layer.updatedBy,
          },
        }),
      );
      return true;
    },
    async version(code, version) {
      const found = await db.send(
        new GetCommand({
          TableName: table,
          Key: { pk: `POLICY#${code}`, sk: `V#${String(version).padStart(6, "0")}` },
        }),
      );
      return found.Item?.override as PolicyLayer["override"] | undefined;
    },
  };
}
