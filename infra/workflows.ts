import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArnFormat, Duration, Stack, Token, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { config } from "../config";
import { TASKS, WORKFLOWS, type WorkflowName } from "../functions/tasks/registry";
import type { Files } from "./files";
import { DubanFunction, type FunctionEnvironment, grantPorts, REPO_ROOT } from "./function";
import type { Channels } from "./notify";
import type { Store } from "./store";

/**
 * How cdk-nag writes a part of an ARN in a finding's id: the value when synth knows it (a stack for a given
 * region: `aws-cn`, `cn-northwest-1`), `<AWS::Partition>` while it is the deploy-time pseudo parameter.
 */
export const nagValue = (value: string, pseudo: string) =>
  Token.isUnresolved(value) ? `<${pseudo}>` : value;

/** Names fixed at synth: the functions learn the machines' ARNs from them before the machines exist. */
export const NAME_PREFIX = "duban";
export const TIMER_GROUP_NAME = `${NAME_PREFIX}-timers`;
export const stateMachineName = (workflow: WorkflowName) => `${NAME_PREFIX}-${workflow}`;

const WORKFLOW_NAMES = Object.keys(WORKFLOWS) as WorkflowName[];

/** The task that sends the outbox (functions/tasks/flush-outbox.ts): the one function that calls providers. */
export const DISPATCHER_TASK = "FlushOutbox";

export interface WorkflowsProps {
  /** Everything but what this construct supplies itself (timers and workflow ARNs). */
  readonly environment: Omit<FunctionEnvironment, "TIMER_GROUP" | "TIMER_ROLE_ARN" | "WORKFLOW_ARNS">;
  readonly store: Store;
  readonly files: Files;
  readonly notify: Channels;
}

/**
 * The workflows (workflows/*.asl.json) as Standard state machines, one function per Task handler shared by
 * every machine, and the durable timers: a schedule group the handlers create one-time schedules in, and
 * the role those schedules start executions with.
 */
export class Workflows extends Construct {
  readonly stateMachines: Record<WorkflowName, sfn.StateMachine>;
  /** Task name (TASKS[].name) → function. */
  readonly functions: Record<string, DubanFunction>;
  /** The complete function environment, for the HTTP functions too. */
  readonly environment: FunctionEnvironment;
  readonly timerRole: iam.Role;
  /** Set durable timers and start workflows: task handlers, and HTTP handlers that re-plan a ladder. */
  readonly startWorkflows: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Functions need the machines' ARNs (to start them) and machines need the functions' ARNs (to call
    // them): the functions get ARNs built from the fixed names, never the machines' tokens, so no cycle.
    const stateMachineArns = Object.fromEntries(
      WORKFLOW_NAMES.map((w) => [
        w,
        stack.formatArn({
          service: "states",
          resource: "stateMachine",
          resourceName: stateMachineName(w),
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ]),
    ) as Record<WorkflowName, string>;

    const timerGroup = new scheduler.CfnScheduleGroup(this, "TimerGroup", { name: TIMER_GROUP_NAME });
    this.timerRole = new iam.Role(this, "TimerRole", {
      description: "duban: one-time timer schedules start workflow executions",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: {
          // Confused-deputy guard: only schedules in this account's timer group may assume the role.
          StringEquals: { "aws:SourceAccount": stack.account, "aws:SourceArn": timerGroup.attrArn },
        },
      }),
    });
    this.timerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["states:StartExecution"],
        resources: Object.values(stateMachineArns),
      }),
    );

    this.environment = {
      ...props.environment,
      TIMER_GROUP: TIMER_GROUP_NAME,
      TIMER_ROLE_ARN: this.timerRole.roleArn,
      WORKFLOW_ARNS: stack.toJsonString(stateMachineArns),
    };

    // What a task handler may do beyond the table and sending: set a timer, or start a workflow at once.
    const startWorkflows = new iam.ManagedPolicy(this, "StartWorkflowsPolicy", {
      description: "duban: set durable timers and start workflow executions",
      statements: [
        new iam.PolicyStatement({
          actions: ["scheduler:CreateSchedule"],
          resources: [
            stack.formatArn({
              service: "scheduler",
              resource: "schedule",
              resourceName: `${TIMER_GROUP_NAME}/*`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
        new iam.PolicyStatement({
          actions: ["iam:PassRole"],
          resources: [this.timerRole.roleArn],
          conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
        }),
        new iam.PolicyStatement({
          actions: ["states:StartExecution"],
          resources: Object.values(stateMachineArns),
        }),
      ],
    });
    this.startWorkflows = startWorkflows;
    Validations.of(startWorkflows).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${nagValue(stack.partition, "AWS::Partition")}:scheduler:${nagValue(stack.region, "AWS::Region")}:<AWS::AccountId>:schedule/${TIMER_GROUP_NAME}/*]`,
      reason:
        `Timer schedules are named at run time from the timer id, so scheduler:CreateSchedule is granted on ` +
        `schedule/${TIMER_GROUP_NAME}/* — every schedule in duban's own timer group and no other group.`,
    });

    this.functions = {};
    for (const task of TASKS) {
      const dispatcher = task.name === DISPATCHER_TASK;
      const fn = new DubanFunction(this, task.name, {
        entry: task.entry,
        kind: "task",
        description: `duban workflow task ${task.name}`,
        environment: this.environment,
        // A pass sends for up to passSeconds, then hands what is left to the next minute's timer.
        ...(dispatcher ? { timeout: Duration.seconds(config.notify.dispatch.passSeconds + 60) } : {}),
      });
      if (dispatcher) {
        // One dispatcher at a time. The per-provider token buckets and per-number caps live in the memory of
        // the process that sends (functions/domain/dispatcher.ts): two passes at once — a minute's timer
        // firing while the previous minute's pass still sends, or the morning pass beside one — would each
        // spend a full bucket, and together send at twice the provider's QPS and break the number caps the
        // provider then enforces with refusals. A start refused meanwhile (Lambda.TooManyRequestsException)
        // is retried by the workflow until the running pass ends (workflows/notification-dispatch.asl.json).
        (fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 1;
      }
      props.store.grantReadWrite(fn);
      grantPorts(fn, task.module.ports, { ...props, startWorkflows });
      this.functions[task.name] = fn;
    }

    this.stateMachines = Object.fromEntries(WORKFLOW_NAMES.map((w) => [w, this.stateMachine(w)])) as Record<
      WorkflowName,
      sfn.StateMachine
    >;
  }

  private stateMachine(workflow: WorkflowName): sfn.StateMachine {
    // Inline rather than DefinitionBody.fromFile (an S3 asset): `cdk diff` then shows a changed definition,
    // and the template alone says what runs.
    const definition = readFileSync(join(REPO_ROOT, WORKFLOWS[workflow]), "utf8");
    const used = new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
    const unknown = [...used].filter((name) => !TASKS.some((t) => t.substitution === name));
    if (unknown.length > 0) {
      throw new Error(`${WORKFLOWS[workflow]} names substitutions no task provides: ${unknown.join(", ")}`);
    }
    // Only the functions this definition calls: its role may invoke nothing else.
    const calls = TASKS.filter((t) => used.has(t.substitution)).map((t) => ({
      substitution: t.substitution,
      fn: this.functions[t.name] as DubanFunction,
    }));

    const name = stateMachineName(workflow);
    const machine = new sfn.StateMachine(this, `${toPascal(workflow)}StateMachine`, {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(calls.map((c) => [c.substitution, c.fn.functionArn])),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, `${toPascal(workflow)}Logs`, {
          // The vended-logs prefix keeps CloudWatch Logs' resource policy from growing per machine.
          logGroupName: `/aws/vendedlogs/states/${name}`,
          retention: logs.RetentionDays.ONE_YEAR,
        }),
        level: sfn.LogLevel.ERROR,
        // Execution data holds enterprise names and mobile numbers.
        includeExecutionData: false,
      },
    });
    // Exactly the unqualified ARNs the definition calls; grantInvoke would add every version (":*") too.
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: calls.map((c) => c.fn.functionArn),
      }),
    );

    Validations.of(machine).acknowledge({
      id: "AwsSolutions-SF1",
      reason:
        "Logs ERROR events only, without execution data: inputs carry enterprise names and mobile numbers, and " +
        "ALL would log every page of every shard; failures are also alarmed and X-Ray traces every execution.",
    });
    const policy = machine.role.node.tryFindChild("DefaultPolicy");
    if (policy) {
      Validations.of(policy).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "CloudWatch Logs delivery (logs:CreateLogDelivery and related) and X-Ray (xray:PutTraceSegments and " +
          "related) support no resource-level permissions; Step Functions needs both for logging and tracing.",
      });
    }
    return machine;
  }
}

function toPascal(kebab: string): string {
  return kebab.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase());
}
