import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, reconcileSchedule, schedulesFor } from "../../config";
import { TABLE_INDEXES } from "../../functions/adapters/dynamo/table";
import { NO_RECIPIENT_MESSAGE as DOMAIN_NO_RECIPIENT_MESSAGE } from "../../functions/domain/supervision";
import { ROUTES } from "../../functions/http/routes";
import { TASKS, WORKFLOWS, type WorkflowName } from "../../functions/tasks/registry";
import { FAILED_SEND_MESSAGE, NO_RECIPIENT_MESSAGE } from "../../infra/alarms";
import { budgetOf } from "../../infra/bundle-budget";
import { createApp } from "../../infra/create-app";
import { BUNDLE_METAFILE_CONTEXT, REPO_ROOT, RUNTIME_SDK_PACKAGES } from "../../infra/function";
import { SES_RECEIPT_EVENTS } from "../../infra/notify";
import { DISPATCHER_TASK, NAME_PREFIX, stateMachineName, TIMER_GROUP_NAME } from "../../infra/workflows";
import { readStackTemplates, type StackTemplates } from "./templates";

type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };
type TemplateJson = { Resources: Record<string, Resource> };
type Violation = { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] };
type ValidationReport = { pluginReports: { pluginName: string; violations: Violation[] }[] };

// One synth (bundling every function, some seventy) shared by every test in this file; on a loaded 2-core
// machine that takes minutes.
let outdir: string;
let json: TemplateJson;
let templates: StackTemplates;
let template: Template;
let report: ValidationReport;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "duban-cdk-"));
  // The same context (feature flags) the CLI passes from cdk.json.
  const context = {
    ...JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")).context,
    // esbuild's metafile beside each bundle: the bundle budget below reads what each input adds.
    [BUNDLE_METAFILE_CONTEXT]: true,
  };
  const { app, stack } = createApp({ outdir, context });
  try {
    app.synth();
  } catch (error) {
    // Under test, failed validation throws after the template and the report are written; anything else
    // (a bundling error, say) left no report behind and is the real failure.
    if (!existsSync(join(outdir, "validation-report.json"))) throw error;
  }
  templates = readStackTemplates(outdir, stack);
  // CloudFormation allows 500 resources per stack: the parent and each nested stack must stay under it.
  expect(Object.keys(templates.parent.Resources).length).toBeLessThanOrEqual(500);
  for (const [file, nested] of Object.entries(templates.nested)) {
    expect(Object.keys(nested.Resources).length, file).toBeLessThanOrEqual(500);
  }
  // The nested stacks (routes, alarms) are read as the stack's own resources.
  json = templates.merged;
  template = Template.fromJSON(json, { skipCyclicalDependenciesCheck: true });
  report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
}, 1_800_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const resourcesOf = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
const propsOf = (type: string) => resourcesOf(type).map(([, r]) => r.Properties ?? {});
/** CDK's own helper that copies the built console into its bucket: a Python function, none of ours. */
const isCdkHelper = (id: string) => id.startsWith("CustomCDKBucketDeployment");
const ourFunctions = () =>
  resourcesOf("AWS::Lambda::Function")
    .filter(([id]) => !isCdkHelper(id))
    .map(([, r]) => r.Properties ?? {});

type State = {
  Type: string;
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
};

function allStates(states: Record<string, State>): State[] {
  return Object.values(states).flatMap((s) => [
    s,
    ...allStates(s.ItemProcessor?.States ?? {}),
    ...allStates(s.Iterator?.States ?? {}),
    ...(s.Branches ?? []).flatMap((b) => allStates(b.States)),
  ]);
}

describe("Duban stack", () => {
  it("keeps the table recoverable and undeletable, with both GSIs", () => {
    const tables = resourcesOf("AWS::DynamoDB::GlobalTable");
    expect(tables).toHaveLength(1);
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    const props = tables[0]?.[1].Properties as {
      BillingMode: string;
      GlobalSecondaryIndexes: { IndexName: string }[];
      Replicas: {
        DeletionProtectionEnabled: boolean;
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean };
      }[];
    };
    expect(props.BillingMode).toBe("PAY_PER_REQUEST");
    expect(props.GlobalSecondaryIndexes.map((i) => i.IndexName).sort()).toEqual(
      TABLE_INDEXES.map((i) => i.indexName).sort(),
    );
    expect(props.Replicas).not.toHaveLength(0);
    for (const replica of props.Replicas) {
      expect(replica.DeletionProtectionEnabled).toBe(true);
      expect(replica.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
    }
  });

  it("runs every handler on nodejs24.x and arm64, one function per task and route", () => {
    const functions = ourFunctions();
    // …and the task SES's events go to (not a workflow's: an EventBridge rule starts it).
    expect(functions).toHaveLength(TASKS.length + ROUTES.length + 1);
    for (const fn of functions) {
      expect(fn.Runtime).toBe("nodejs24.x");
      expect(fn.Architectures).toEqual(["arm64"]);
      expect(fn.TracingConfig).toEqual({ Mode: "Active" });
      // The runtime, and the AWS SDK it ships (infra/function.ts RUNTIME_SDK_PACKAGES), change with a deploy.
      expect(fn.RuntimeManagementConfig).toEqual({ UpdateRuntimeOn: "FunctionUpdate" });
    }
  });

  it("builds one state machine per workflow with every substitution resolved and no Wait state", () => {
    const machines = propsOf("AWS::StepFunctions::StateMachine");
    expect(machines).toHaveLength(Object.keys(WORKFLOWS).length);
    for (const workflow of Object.keys(WORKFLOWS) as WorkflowName[]) {
      const machine = machines.find((m) => m.StateMachineName === stateMachineName(workflow));
      expect(machine, workflow).toBeDefined();
      expect(machine?.StateMachineType).toBe("STANDARD");
      const definition = machine?.DefinitionString as string;
      const substitutions = (machine?.DefinitionSubstitutions ?? {}) as Record<
        string,
        { "Fn::GetAtt": string[] }
      >;
      const placeholders = [...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string);
      expect(placeholders.length, workflow).toBeGreaterThan(0);
      for (const name of placeholders) {
        const target = substitutions[name]?.["Fn::GetAtt"];
        expect(target, `${workflow}: \${${name}}`).toBeDefined();
        expect(json.Resources[target?.[0] as string]?.Type).toBe("AWS::Lambda::Function");
        expect(target?.[1]).toBe("Arn");
      }
      const states = allStates((JSON.parse(definition) as { States: Record<string, State> }).States);
      expect(
        states.filter((s) => s.Type === "Wait"),
        workflow,
      ).toEqual([]);
    }
  });

  it("runs the dispatcher one at a time, for a whole pass, and retries a start refused meanwhile", () => {
    const functions = resourcesOf("AWS::Lambda::Function");
    const reserved = functions.filter(([, r]) => r.Properties?.ReservedConcurrentExecutions !== undefined);
    // Only the function that calls providers is serialised: its token buckets are its process's memory.
    expect(reserved.map(([, r]) => r.Properties?.Description)).toEqual([
      `duban workflow task ${DISPATCHER_TASK}`,
    ]);
    const dispatcher = reserved[0]?.[1].Properties ?? {};
    expect(dispatcher.ReservedConcurrentExecutions).toBe(1);
    expect(dispatcher.Timeout).toBe(config.notify.dispatch.passSeconds + 60);

    const machine = propsOf("AWS::StepFunctions::StateMachine").find(
      (m) => m.StateMachineName === stateMachineName("notification-dispatch"),
    );
    const definition = JSON.parse(machine?.DefinitionString as string) as {
      States: Record<string, { Resource?: string; Retry?: Record<string, unknown>[] }>;
    };
    const flush = Object.values(definition.States).find((s) => s.Resource === "${FlushOutboxFunctionArn}");
    const refused = flush?.Retry?.find((r) =>
      (r.ErrorEquals as string[]).includes("Lambda.TooManyRequestsException"),
    );
    expect(refused).toBeDefined();
    // The retries together outlast a running pass (the nominal delays; FULL jitter draws below each).
    let delay = Number(refused?.IntervalSeconds);
    let total = 0;
    for (let i = 0; i < Number(refused?.MaxAttempts); i++) {
      total += Math.min(delay, Number(refused?.MaxDelaySeconds ?? Number.POSITIVE_INFINITY));
      delay *= Number(refused?.BackoffRate ?? 2);
    }
    expect(total).toBeGreaterThan(2 * Number(dispatcher.Timeout));
  });

  it("schedules every recurring schedule in Asia/Shanghai with a dead-letter queue", () => {
    const expected = [...schedulesFor(config), reconcileSchedule(config)];
    const schedules = propsOf("AWS::Scheduler::Schedule");
    expect(schedules).toHaveLength(expected.length);
    expect(schedules.map((s) => s.Name).sort()).toEqual(
      expected.map((s) => `${NAME_PREFIX}-${s.name}`).sort(),
    );
    for (const schedule of schedules) {
      const target = schedule.Target as { Input: string; DeadLetterConfig?: { Arn: unknown } };
      expect(schedule.ScheduleExpressionTimezone).toBe("Asia/Shanghai");
      expect(schedule.FlexibleTimeWindow).toEqual({ Mode: "OFF" });
      expect(JSON.parse(target.Input).scheduledTime).toBe("<aws.scheduler.scheduled-time>");
      expect(target.DeadLetterConfig?.Arn).toBeDefined();
    }
    for (const s of expected) {
      const schedule = schedules.find((p) => p.Name === `${NAME_PREFIX}-${s.name}`) ?? {};
      expect(schedule.ScheduleExpression, s.name).toBe(s.cron);
      const input = (schedule.Target as { Input?: string } | undefined)?.Input ?? "null";
      expect(JSON.parse(input)).toMatchObject({ ...s.input, phase: s.phase });
    }
  });

  it("creates the schedule group the durable timers live in", () => {
    template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
    template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: TIMER_GROUP_NAME });
  });

  it("verifies a JWT on every route except the public ones", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
    });
    const routes = propsOf("AWS::ApiGatewayV2::Route");
    expect(routes).toHaveLength(ROUTES.length);
    for (const { spec } of ROUTES) {
      const route = routes.find((r) => r.RouteKey === `${spec.method} ${spec.path}`);
      expect(route, `${spec.method} ${spec.path}`).toBeDefined();
      expect(route?.AuthorizationType, `${spec.method} ${spec.path}`).toBe(spec.auth ? "JWT" : "NONE");
    }
  });

  it("alarms on failed executions, failed sends, dead-lettered starts and dead-lettered SES events", () => {
    const alarms = propsOf("AWS::CloudWatch::Alarm");
    const failedExecutions = alarms.filter((a) => a.MetricName === "ExecutionsFailed");
    expect(failedExecutions).toHaveLength(Object.keys(WORKFLOWS).length);
    const failedSends = alarms.filter((a) => a.Namespace === "duban" && a.MetricName === "FailedSends");
    expect(failedSends).toHaveLength(1);
    for (const alarm of [...failedExecutions, ...failedSends]) {
      expect(alarm).toMatchObject({
        Threshold: 1,
        Period: 300,
        EvaluationPeriods: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
      expect(alarm.AlarmActions).toHaveLength(1);
    }
    // The schedules' dead-letter queue and the SES delivery events' one.
    expect(alarms.filter((a) => a.MetricName === "ApproximateNumberOfMessagesVisible")).toHaveLength(2);

    const filters = propsOf("AWS::Logs::MetricFilter").filter(
      (f) => f.FilterPattern === `{ $.message = "${FAILED_SEND_MESSAGE}" }`,
    );
    expect(filters).toHaveLength(ourFunctions().length);
    for (const filter of filters) {
      expect(filter.MetricTransformations).toEqual([
        { MetricNamespace: "duban", MetricName: "FailedSends", MetricValue: "1" },
      ]);
    }
  });

  it("alarms when a ladder step reaches nobody, counted from every function's log", () => {
    const alarms = propsOf("AWS::CloudWatch::Alarm").filter((a) => a.MetricName === "NoRecipient");
    const filters = propsOf("AWS::Logs::MetricFilter").filter(
      (f) => f.FilterPattern === `{ $.message = "${NO_RECIPIENT_MESSAGE}" }`,
    );

    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ Namespace: "duban", Threshold: 1, Period: 300 });
    expect(filters).toHaveLength(ourFunctions().length);
    // The domain logs exactly the message the filter counts.
    expect(NO_RECIPIENT_MESSAGE).toBe(DOMAIN_NO_RECIPIENT_MESSAGE);
  });

  it("reports email bounces and rejects through an SES configuration set", () => {
    template.resourceCountIs("AWS::SES::ConfigurationSet", 1);
    const destination = propsOf("AWS::SES::ConfigurationSetEventDestination").find(
      (d) => (d.EventDestination as { CloudWatchDestination?: unknown }).CloudWatchDestination,
    );
    const events = (destination?.EventDestination as { MatchingEventTypes?: string[] } | undefined)
      ?.MatchingEventTypes;
    expect(events).toEqual(expect.arrayContaining(["bounce", "reject", "renderingFailure", "deliveryDelay"]));
  });

  it("hands SES's delivery, bounce, complaint and reject events to the ses-events task through EventBridge", () => {
    type Destination = {
      Enabled?: boolean;
      MatchingEventTypes: string[];
      EventBridgeDestination?: { EventBusArn: unknown };
    };
    const [configurationSet] = resourcesOf("AWS::SES::ConfigurationSet").map(([id]) => id);
    const destinations = propsOf("AWS::SES::ConfigurationSetEventDestination").filter(
      (d) => (d.EventDestination as Destination).EventBridgeDestination,
    );
    expect(destinations).toHaveLength(1);
    const destination = destinations[0] as Record<string, unknown>;
    expect(destination.ConfigurationSetName).toEqual({ Ref: configurationSet });
    const published = destination.EventDestination as Destination;
    expect(published.MatchingEventTypes.sort()).toEqual(["bounce", "complaint", "delivery", "reject"]);
    // SES v2 publishes to the default bus only.
    expect(JSON.stringify(published.EventBridgeDestination?.EventBusArn)).toContain(":event-bus/default");

    const rules = propsOf("AWS::Events::Rule");
    const rule = rules.find((r) => (r.EventPattern as { source?: string[] }).source?.includes("aws.ses"));
    expect(rule).toBeDefined();
    // On the default bus, events of duban's configuration set only.
    expect(rule?.EventBusName).toBe("default");
    expect(rule?.State ?? "ENABLED").toBe("ENABLED");
    expect(rule?.EventPattern).toEqual({
      source: ["aws.ses"],
      "detail-type": [...SES_RECEIPT_EVENTS],
      detail: { mail: { tags: { "ses:configuration-set": [{ Ref: configurationSet }] } } },
    });
    const targets = rule?.Targets as { Arn: { "Fn::GetAtt": string[] }; RetryPolicy?: unknown }[];
    expect(targets).toHaveLength(1);
    const target = targets[0]?.Arn["Fn::GetAtt"][0] as string;
    expect(json.Resources[target]?.Properties?.Description).toBe("duban SES delivery events → receipts");
    expect(json.Resources[target]?.Properties?.Handler).toBe("index.handler");
    expect(targets[0]?.RetryPolicy).toBeDefined();
    // An event that could not be applied in 12 hours is kept, encrypted, in a queue that is alarmed.
    const deadLetters = (targets[0] as { DeadLetterConfig?: { Arn: { "Fn::GetAtt": string[] } } })
      .DeadLetterConfig;
    const queueId = deadLetters?.Arn["Fn::GetAtt"][0] as string;
    expect(json.Resources[queueId]?.Type).toBe("AWS::SQS::Queue");
    expect(json.Resources[queueId]?.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(JSON.stringify(propsOf("AWS::CloudWatch::Alarm"))).toContain("SES delivery event");

    // Only EventBridge may invoke it, and only for this rule.
    const permissions = propsOf("AWS::Lambda::Permission").filter(
      (p) => JSON.stringify(p.FunctionName) === JSON.stringify({ "Fn::GetAtt": [target, "Arn"] }),
    );
    const [ruleId] = resourcesOf("AWS::Events::Rule").find(([, r]) => r.Properties === rule) ?? [];
    expect(permissions).toEqual([
      {
        Action: "lambda:InvokeFunction",
        FunctionName: { "Fn::GetAtt": [target, "Arn"] },
        Principal: "events.amazonaws.com",
        SourceArn: { "Fn::GetAtt": [ruleId, "Arn"] },
      },
    ]);
  });

  it("keeps the file bucket private, encrypted, TLS-only, versioned, logged and expiring exports", () => {
    const files = resourcesOf("AWS::S3::Bucket").find(([id]) => id.startsWith("FilesBucket"));
    expect(files).toBeDefined();
    const props = files?.[1].Properties as Record<string, unknown>;
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(props.BucketEncryption)).toContain("SSEAlgorithm");
    expect(props.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(props.LoggingConfiguration).toBeDefined();
    expect(JSON.stringify(props.LifecycleConfiguration)).toContain('"Prefix":"exports/"');
    // Uploaded catalogue files name every enterprise's contacts: gone a week after the import read them.
    expect(JSON.stringify(props.LifecycleConfiguration)).toContain('"Prefix":"imports/"');
    // Presigned reads from the console's fetch (an export's 303): GET only, the file name exposed. Presigned
    // uploads of large catalogue files from the console: PUT, from the console's distribution only.
    const distribution = resourcesOf("AWS::CloudFront::Distribution").find(([id]) =>
      id.startsWith("Console"),
    );
    expect(distribution).toBeDefined();
    expect(props.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ["GET"],
          AllowedOrigins: ["*"],
          ExposedHeaders: ["Content-Disposition"],
          MaxAge: 3600,
        },
        {
          AllowedMethods: ["PUT"],
          AllowedOrigins: [
            { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distribution?.[0], "DomainName"] }]] },
          ],
          AllowedHeaders: ["*"],
          MaxAge: 3600,
        },
      ],
    });
    const policies = propsOf("AWS::S3::BucketPolicy").map((p) => JSON.stringify(p.PolicyDocument));
    expect(policies.some((p) => p.includes('"aws:SecureTransport":"false"'))).toBe(true);
  });

  it("gives function policies no wildcard resource but X-Ray's", () => {
    // Each function acknowledges AwsSolutions-IAM5[Resource::*] for X-Ray; this keeps that from hiding more.
    const functionRoles = new Set(
      ourFunctions().map((f) => (f.Role as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0]),
    );
    type Statement = { Action: string | string[]; Resource: unknown };
    for (const [id, policy] of resourcesOf("AWS::IAM::Policy")) {
      const properties = policy.Properties ?? {};
      const roles = (properties.Roles ?? []) as { Ref: string }[];
      if (!roles.some((r) => functionRoles.has(r.Ref))) continue;
      const statements = (properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const wildcard = statements.filter((s) => s.Resource === "*").flatMap((s) => [s.Action].flat());
      expect(
        wildcard.every((action) => action.startsWith("xray:")),
        id,
      ).toBe(true);
    }
  });

  it("lets writing routes notify and set ladder timers, and GET routes only read", () => {
    const fnByDescription = (description: string) => {
      const found = resourcesOf("AWS::Lambda::Function").find(
        ([, r]) => r.Properties?.Description === description,
      );
      if (!found) throw new Error(`no function "${description}"`);
      const { Role } = found[1].Properties as { Role: { "Fn::GetAtt": [string, string] } };
      const role = Role["Fn::GetAtt"][0];
      const managed = JSON.stringify(json.Resources[role]?.Properties?.ManagedPolicyArns ?? []);
      const inline = resourcesOf("AWS::IAM::Policy")
        .filter(([, p]) => JSON.stringify(p.Properties?.Roles ?? []).includes(`"${role}"`))
        .map(([, p]) => JSON.stringify(p.Properties?.PolicyDocument ?? {}))
        .join(" ");
      return { managed, inline };
    };
    const policyId = (fragment: string) =>
      resourcesOf("AWS::IAM::ManagedPolicy").find(([id]) => id.includes(fragment))?.[0] as string;

    const listing = fnByDescription("duban POST /v1/hazards/{id}/listing");
    const reading = fnByDescription("duban GET /v1/hazards/{id}");

    expect(listing.managed).toContain(policyId("StartWorkflowsPolicy"));
    expect(listing.managed).toContain(policyId("SendPolicy"));
    expect(listing.inline).toContain("dynamodb:PutItem");
    expect(reading.inline).toContain("dynamodb:Query");
    expect(reading.inline).not.toContain("dynamodb:PutItem");
    expect(reading.managed).not.toContain(policyId("StartWorkflowsPolicy"));

    // The public routes: the health check reads the supplied holiday years and may write nothing; the
    // OpenAPI document reads no data at all (issue 12: both read the table without a grant before).
    const health = fnByDescription("duban GET /healthz");
    const openapi = fnByDescription("duban GET /v1/openapi.json");
    expect(health.inline).toContain("dynamodb:Query");
    expect(health.inline).toContain("/index/gsi1");
    for (const action of ["PutItem", "Scan", "GetItem", "BatchGetItem"]) {
      expect(health.inline).not.toContain(`dynamodb:${action}`);
    }
    expect(health.managed).not.toContain(policyId("SendPolicy"));
    expect(openapi.inline).not.toContain("dynamodb:");

    // A city's catalogue is uploaded to the file bucket (a presigned PUT the upload route signs) and the
    // import workflow reads it from there.
    const filesBucket = resourcesOf("AWS::S3::Bucket").find(([id]) => id.startsWith("FilesBucket"))?.[0];
    const uploads = fnByDescription("duban POST /v1/imports/uploads");
    const planImport = fnByDescription("duban workflow task PlanImport");
    expect(uploads.inline).toContain("s3:PutObject");
    expect(planImport.inline).toContain("s3:GetObject");
    expect(planImport.inline).toContain(`"${filesBucket}"`);
  });

  it("has no dependency cycle between resources", () => {
    // Functions know the machines by name, machines know the functions by ARN: one direction only.
    // Each template as CloudFormation deploys it: a nested stack is one resource of its parent.
    expect(() => Template.fromJSON(templates.parent)).not.toThrow();
    for (const nested of Object.values(templates.nested))
      expect(() => Template.fromJSON(nested)).not.toThrow();
  });
});

describe("cdk-nag (AwsSolutions)", () => {
  it("leaves no finding unacknowledged, error or warning", () => {
    const left = report.pluginReports
      .filter((p) => p.pluginName === "AwsSolutions")
      .flatMap((p) => p.violations)
      .flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`));
    expect(left).toEqual([]);
  });

  it("records every acknowledgement with its reason in the template", () => {
    // The metadata only appears when the AwsSolutions checks ran on this app, so this also proves they did.
    const acknowledged = Object.values(json.Resources).flatMap(
      (r) =>
        (r.Metadata?.cdk_nag as { rules_to_suppress: { id: string; reason: string }[] } | undefined)
          ?.rules_to_suppress ?? [],
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions-/);
      expect(reason.length, id).toBeGreaterThan(20);
    }
  });
});

describe("the console on CloudFront", () => {
  const distribution = () => {
    const found = Object.values(template.findResources("AWS::CloudFront::Distribution"));
    expect(found).toHaveLength(1);
    return (found[0] as Resource).Properties?.DistributionConfig as Record<string, Json>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are asserted field by field
  type Json = any;

  it("keeps the console in a private, encrypted bucket that only CloudFront reads, through origin access control", () => {
    const config = distribution();
    const s3Origin = config.Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    const bucketRef = s3Origin.DomainName["Fn::GetAtt"][0];
    const bucket = json.Resources[bucketRef]?.Properties as Json;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toBeDefined();
    const policies = Object.values(template.findResources("AWS::S3::BucketPolicy")).filter(
      (p) => JSON.stringify(p).includes(bucketRef) && JSON.stringify(p).includes("cloudfront.amazonaws.com"),
    );
    expect(policies).toHaveLength(1);
  });

  it("routes /v1/* to the HTTP API uncached with the caller's headers, and serves index.html for the console's paths", () => {
    const config = distribution();
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.Origins).toHaveLength(2);
    const api = config.CacheBehaviors.find((b: Json) => b.PathPattern === "/v1/*");
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(["POST", "PUT", "GET"]));
    expect(api.ViewerProtocolPolicy).toBe("https-only");
    const apiOrigin = config.Origins.find((o: Json) => o.Id === api.TargetOriginId);
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
    expect(JSON.stringify(apiOrigin.DomainName)).toContain("HttpApi");
    const fallback = config.DefaultCacheBehavior.FunctionAssociations;
    expect(fallback).toHaveLength(1);
    const code = Object.values(template.findResources("AWS::CloudFront::Function"))[0] as Resource;
    expect(String(code.Properties?.FunctionCode)).toContain("/index.html");
    expect(config.Logging).toBeDefined();
  });

  it("sends CSP with frame-ancestors 'none', HSTS, nosniff and DENY framing on the console and the API alike", () => {
    const distributionConfig = distribution();
    const policies = Object.entries(template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    expect(policies).toHaveLength(1);
    const [id, policy] = policies[0] as [string, Resource];
    const config = policy.Properties?.ResponseHeadersPolicyConfig as Json;
    const security = config.SecurityHeadersConfig;
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain("script-src 'self'");
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(security.ContentTypeOptions.Override).toBe(true);
    expect(security.FrameOptions.FrameOption).toBe("DENY");
    const uses = [distributionConfig.DefaultCacheBehavior, ...distributionConfig.CacheBehaviors].map(
      (b: Json) => b.ResponseHeadersPolicyId,
    );
    expect(uses).toEqual(uses.map(() => ({ Ref: id })));
  });

  it("deploys the built console with the OIDC settings the API's authorizer trusts", () => {
    template.resourceCountIs("Custom::CDKBucketDeployment", 1);
    const outputs = json as unknown as { Outputs: Record<string, unknown> };
    expect(Object.keys(outputs.Outputs)).toContain("ConsoleUrl");
  });
});

describe("bundle sizes", () => {
  type Meta = {
    outputs: Record<
      string,
      { entryPoint?: string; imports: { path: string; external?: boolean }[]; bytes: number }
    >;
  };
  const KB = (bytes: number) => Math.round(bytes / 1024);
  const handlers = [
    ...ROUTES.map((r) => ({
      entry: r.entry,
      kind: "http" as const,
      description: `duban ${r.spec.method} ${r.spec.path}`,
    })),
    ...TASKS.map((t) => ({
      entry: t.entry,
      kind: "task" as const,
      description: `duban workflow task ${t.name}`,
    })),
    // Invoked by EventBridge, not by a workflow: not in TASKS, but bundled and budgeted like one.
    {
      entry: "functions/tasks/ses-events.ts",
      kind: "task" as const,
      description: "duban SES delivery events → receipts",
    },
  ];
  const bundleOf = (description: string) => {
    const fn = ourFunctions().find((f) => f.Description === description);
    const hash = JSON.stringify(fn?.Code).match(/([0-9a-f]{64})\.zip/)?.[1];
    expect(hash, description).toBeDefined();
    const dir = join(outdir, `asset.${hash}`);
    const meta: Meta = JSON.parse(readFileSync(join(dir, "index.meta.json"), "utf8"));
    const output = Object.values(meta.outputs).find((o) => o.entryPoint);
    return { dir, size: statSync(join(dir, "index.mjs")).size, imports: output?.imports ?? [] };
  };

  it("writes Chinese text as UTF-8, not \\u escapes (NodejsFunction does not pass `charset` on)", () => {
    const bundle = readFileSync(join(bundleOf("duban GET /healthz").dir, "index.mjs"), "utf8");
    expect(bundle).toContain("北京市");
  });

  it("keeps every function's bundle within its budget (infra/bundle-budget.ts), and prints them", () => {
    const rows = handlers.map(({ entry, kind, description }) => ({
      entry,
      kind,
      size: bundleOf(description).size,
      budget: budgetOf(entry, kind),
    }));
    rows.sort((a, b) => b.size - a.size);
    console.log(
      [
        "bundle sizes (KB, minified; the AWS SDK is the runtime's)",
        `${"function".padEnd(48)} ${"size".padStart(6)}   budget`,
        ...rows.map(
          (r) =>
            `${r.entry.padEnd(48)} ${String(KB(r.size)).padStart(6)}   ${String(KB(r.budget.size)).padStart(6)}`,
        ),
        `${"all functions".padEnd(48)} ${String(KB(rows.reduce((s, r) => s + r.size, 0))).padStart(6)}`,
      ].join("\n"),
    );
    const over = rows
      .filter((r) => r.size > r.budget.size)
      .map((r) => `${r.entry}: ${KB(r.size)} KB over ${KB(r.budget.size)} KB`);
    expect(over).toEqual([]);
  });

  it("leaves out of a bundle only the runtime's AWS SDK packages and Node.js built-ins", () => {
    const provided = (path: string) =>
      isBuiltin(path) || RUNTIME_SDK_PACKAGES.some((p) => path === p || path.startsWith(`${p}/`));
    const unresolved = handlers.flatMap(({ entry, description }) =>
      bundleOf(description)
        .imports.filter((i) => i.external && !provided(i.path))
        .map((i) => `${entry}: ${i.path}`),
    );
    expect(unresolved).toEqual([]);
    // Every package left to the runtime is one duban imports (the list does not outgrow the code).
    const leftOut = new Set(
      handlers.flatMap(({ description }) =>
        bundleOf(description)
          .imports.filter((i) => i.external && !isBuiltin(i.path))
          .map((i) => i.path),
      ),
    );
    expect([...RUNTIME_SDK_PACKAGES].filter((p) => !leftOut.has(p))).toEqual([]);
  });
});
