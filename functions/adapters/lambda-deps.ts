import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { z } from "zod";
import { config } from "../../config";
import { suppliedCalendars } from "../../config/holidays";
import { createCalendarSource } from "../domain/calendar-service";
import { createNotifier } from "../domain/notifier";
import { countCalls } from "./aws-calls";
import type { Deps } from "./deps";
import { createCalendarStore } from "./dynamo/calendar-store";
import { createCatalogueStore } from "./dynamo/catalogue-store";
import { documentClient } from "./dynamo/client";
import { createFilingStore } from "./dynamo/filing-store";
import { createOutboxStore } from "./dynamo/outbox-store";
import { createAccidentStore, createHazardStore } from "./dynamo/subject-store";
import { createEumSms } from "./eum-sms";
import { createIds } from "./ids";
import { createLog } from "./log";
import { createS3Objects } from "./s3-objects";
import { createSchedulerTimers } from "./scheduler-timers";
import { createSesEmail } from "./ses-email";

/** The Lambda environment, set by infra/ — validated like any other boundary. */
export const LambdaEnv = z.object({
  TABLE_NAME: z.string().min(1),
  FILES_BUCKET: z.string().min(1),
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  SMS_ORIGINATION_IDENTITY: z.string().min(1),
  SMS_CONFIGURATION_SET: z.string().optional(),
  TIMER_GROUP: z.string().min(1),
  TIMER_ROLE_ARN: z.string().min(1),
  WORKFLOW_ARNS: z.string().transform((s, ctx) => {
    try {
      return z.record(z.string(), z.string()).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: "custom", message: "WORKFLOW_ARNS must be a JSON object of workflow → ARN" });
      return z.NEVER;
    }
  }),
});

const systemClock = { now: () => new Date() };

export async function lambdaDeps(): Promise<Deps> {
  const env = LambdaEnv.parse(process.env);
  const db = documentClient({ tableName: env.TABLE_NAME });
  const log = createLog();
  const outbox = createOutboxStore(db, env.TABLE_NAME);
  const timers = createSchedulerTimers(
    countCalls(new SchedulerClient({})),
    countCalls(new SFNClient({})),
    systemClock,
    {
      group: env.TIMER_GROUP,
      roleArn: env.TIMER_ROLE_ARN,
      workflows: env.WORKFLOW_ARNS,
    },
  );
  const notifier = createNotifier({
    outbox,
    clock: systemClock,
    timers,
    config,
    log,
    email: createSesEmail(countCalls(new SESv2Client({})), env.EMAIL_FROM, env.SES_CONFIGURATION_SET),
    sms: createEumSms(
      countCalls(new PinpointSMSVoiceV2Client({})),
      env.SMS_ORIGINATION_IDENTITY,
      env.SMS_CONFIGURATION_SET,
    ),
  });
  const calendars = createCalendarSource(createCalendarStore(db, env.TABLE_NAME), suppliedCalendars);
  await calendars.refresh();
  return {
    config,
    clock: systemClock,
    calendar: calendars.calendar,
    calendars,
    hazards: createHazardStore(db, env.TABLE_NAME),
    accidents: createAccidentStore(db, env.TABLE_NAME),
    ids: createIds(systemClock),
    catalogue: createCatalogueStore(db, env.TABLE_NAME, config.store.writeShards),
    filings: createFilingStore(db, env.TABLE_NAME, config.store.writeShards, config.store.pageSize),
    outbox,
    objects: createS3Objects(countCalls(new S3Client({})), env.FILES_BUCKET),
    notifier,
    timers,
    log,
    auth: undefined,
  };
}
