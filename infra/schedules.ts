import { Duration, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { RecurringSchedule } from "../config";
import type { WorkflowName } from "../functions/tasks/registry";
import { NAME_PREFIX } from "./workflows";

export interface SchedulesProps {
  /** Usually schedulesFor(config): the same list the local scheduler fires. */
  readonly schedules: readonly RecurringSchedule[];
  readonly stateMachines: Record<WorkflowName, sfn.IStateMachine>;
}

/**
 * The recurring schedules (open, remind, close of every filing obligation) as EventBridge Scheduler
 * schedules in the obligation's time zone. A start that fails after the retries lands in a dead-letter
 * queue, which is alarmed: a missed "open" means a whole county's month was never opened.
 */
export class Schedules extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly schedules: scheduler.CfnSchedule[];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: an operator may only look after a holiday.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: "This queue is itself the dead-letter queue of the recurring schedules.",
    });

    const role = new iam.Role(this, "Role", {
      description: "duban: recurring schedules start workflow executions",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: {
          // Recurring schedules live in the default group; only they may assume this role.
          StringEquals: {
            "aws:SourceAccount": stack.account,
            "aws:SourceArn": stack.formatArn({
              service: "scheduler",
              resource: "schedule-group",
              resourceName: "default",
            }),
          },
        },
      }),
    });
    const used = [...new Set(props.schedules.map((s) => s.workflow as WorkflowName))];
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["states:StartExecution"],
        resources: used.map((w) => machineOf(props.stateMachines, w).stateMachineArn),
      }),
    );
    this.deadLetterQueue.grantSendMessages(role);

    this.schedules = props.schedules.map((schedule) => {
      const machine = machineOf(props.stateMachines, schedule.workflow as WorkflowName);
      return new scheduler.CfnSchedule(this, schedule.name, {
        name: `${NAME_PREFIX}-${schedule.name}`,
        description: `duban ${schedule.workflow}: ${schedule.phase} (${schedule.name})`,
        scheduleExpression: schedule.cron,
        scheduleExpressionTimezone: schedule.timeZone,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: machine.stateMachineArn,
          roleArn: role.roleArn,
          // Scheduler fills in the firing time, which names the period the phase works on.
          input: JSON.stringify({
            ...schedule.input,
            phase: schedule.phase,
            scheduledTime: "<aws.scheduler.scheduled-time>",
          }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      });
    });
  }
}

function machineOf(
  machines: Record<WorkflowName, sfn.IStateMachine>,
  workflow: WorkflowName,
): sfn.IStateMachine {
  const machine = machines[workflow];
  if (!machine) throw new Error(`a schedule names workflow "${workflow}", which has no state machine`);
  return machine;
}
