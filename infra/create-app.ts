import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { parametersFrom } from "./parameters";
import { DubanStack } from "./stack";

/**
 * The duban CDK app: one environment-agnostic stack, checked against the AWS Solutions rules. Every finding
 * is fixed or acknowledged on the construct it concerns; an unacknowledged one fails synth.
 */
export function createApp(props?: AppProps): { app: App; stack: DubanStack } {
  const app = new App(props);
  const parameters = parametersFrom(app.node);
  const stack = new DubanStack(app, "Duban", {
    description: "duban: work-safety filing reminders and digests for county supervision",
    parameters,
    // A region given (-c region=cn-northwest-1) fixes the partition at synth: ARNs say aws-cn, not a token.
    ...(parameters.region
      ? { env: { region: parameters.region, account: process.env.CDK_DEFAULT_ACCOUNT } }
      : {}),
  });
  // Acknowledgements are also written into each resource's Metadata: the template records why each
  // finding stands, for reviewers who only see the template.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack };
}
