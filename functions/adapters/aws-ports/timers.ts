import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SFNClient } from "@aws-sdk/client-sfn";
import { countCalls } from "../aws-calls";
import type { PortFactory } from "../lambda-deps";
import { createSchedulerTimers } from "../scheduler-timers";

const systemClock = { now: () => new Date() };

/** One-time timers (EventBridge Scheduler) that start a workflow (Step Functions) when due. */
export const timersPort: PortFactory<"timers"> = {
  port: "timers",
  build: ({ env }) =>
    createSchedulerTimers(countCalls(new SchedulerClient({})), countCalls(new SFNClient({})), systemClock, {
      group: env.TIMER_GROUP,
      roleArn: env.TIMER_ROLE_ARN,
      workflows: env.WORKFLOW_ARNS,
    }),
};
