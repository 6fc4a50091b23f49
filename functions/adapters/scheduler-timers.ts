import { CreateScheduleCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { Clock, Timer, Timers } from "../domain/ports";

export type SchedulerTimerEnv = {
  group: string;
  roleArn: string;
  /** Workflow name → state machine ARN. */
  workflows: Record<string, string>;
};

/** Schedule names allow [0-9a-zA-Z-_.], at most 64 characters. */
export function scheduleName(id: string): string {
  const clean = id.replace(/[^0-9A-Za-z_.-]/g, "_");
  return clean.length <= 64 ? clean : `${clean.slice(0, 47)}-${clean.length.toString(16)}${clean.slice(-12)}`;
}

/**
 * Durable timers on AWS: a one-time EventBridge Scheduler schedule, `at(...)` in UTC, deleted after it
 * fires. Creating the same name twice conflicts, which is how setting a timer stays idempotent. A timer
 * already due starts its workflow at once, with the timer id as execution name (also idempotent).
 */
export function createSchedulerTimers(
  scheduler: SchedulerClient,
  sfn: SFNClient,
  clock: Clock,
  env: SchedulerTimerEnv,
): Timers {
  return {
    async set(timer: Timer) {
      const arn = env.workflows[timer.workflow];
      if (!arn) throw new Error(`no state machine for workflow ${timer.workflow}`);
      const input = JSON.stringify({
        ...timer.input,
        phase: timer.phase,
        timerId: timer.id,
        scheduledTime: timer.dueAt,
      });
      if (new Date(timer.dueAt) <= clock.now()) {
        try {
          await sfn.send(
            new StartExecutionCommand({ stateMachineArn: arn, name: scheduleName(timer.id), input }),
          );
        } catch (error) {
          if ((error as Error).name !== "ExecutionAlreadyExists") throw error;
        }
        return;
      }
      try {
        await scheduler.send(
          new CreateScheduleCommand({
            Name: scheduleName(timer.id),
            GroupName: env.group,
            ScheduleExpression: `at(${timer.dueAt.slice(0, 19)})`,
            ScheduleExpressionTimezone: "UTC",
            FlexibleTimeWindow: { Mode: "OFF" },
            ActionAfterCompletion: "DELETE",
            Target: { Arn: arn, RoleArn: env.roleArn, Input: input },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== "ConflictException") throw error;
      }
    },
  };
}
