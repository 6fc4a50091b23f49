import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../functions/adapters/dynamo/table";
import { arnRefInPolicy } from "./nag-refs";

/**
 * The single table (functions/adapters/dynamo/table.ts is the one definition of its keys and indexes).
 * It holds every filing record and delivery receipt a county relies on, so recovery and deletion protection
 * are not props: there is no way to build a Store without them.
 */
export class Store extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, "Table", {
      // No fixed name: a retained table would block a redeploy under the same name.
      partitionKey: key(TABLE_KEYS.partitionKey),
      sortKey: key(TABLE_KEYS.sortKey),
      globalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      // Sent messages expire after config.notify.retentionDays; the subject's timeline keeps the audit.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    });
  }

  /** Read and write access for a handler, which queries both indexes. */
  grantReadWrite(fn: lambda.Function): void {
    this.table.grantReadWriteData(fn);
    this.acknowledgeIndexes(fn);
  }

  /** Read access only, for handlers that answer GET requests. */
  grantRead(fn: lambda.Function): void {
    this.table.grantReadData(fn);
    this.acknowledgeIndexes(fn);
  }

  /**
   * Query on one index and nothing else: for a public function (the health check reads the supplied holiday
   * years through gsi1), so that what anyone may call cannot scan or get the table's items.
   */
  grantQueryIndex(fn: lambda.Function, indexName: (typeof TABLE_INDEXES)[number]["indexName"]): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${this.table.tableArn}/index/${indexName}`],
      }),
    );
  }

  private acknowledgeIndexes(fn: lambda.Function): void {
    const policy = fn.role?.node.tryFindChild("DefaultPolicy");
    if (!policy) return;
    const tableArn = arnRefInPolicy(this.table.node.defaultChild as dynamodb.CfnGlobalTable, fn);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableArn}>/index/*]`,
      reason:
        "The handlers query the table's own GSIs (gsi1, gsi2); index/* covers exactly this table's indexes.",
    });
  }
}
