import { type CfnResource, Names, Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * How cdk-nag writes a resource's ARN in a finding about a consumer's policy: `<LogicalId.Arn>` when both are
 * in one stack; when the consumer sits in a nested stack (the routes), the ARN arrives as that stack's
 * parameter, `<referenceto<UniqueId>Arn>` (CDK names the parameter after the resource's unique id, which
 * hashes the whole path, so its suffix differs from the logical id's). An acknowledgement must name the
 * form the consumer's template really holds.
 */
export function arnRefInPolicy(resource: CfnResource, consumer: IConstruct): string {
  const owner = Stack.of(resource);
  return Stack.of(consumer) === owner
    ? `${owner.resolve(resource.logicalId)}.Arn`
    : `referenceto${Names.uniqueId(resource)}Arn`;
}
