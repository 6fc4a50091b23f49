import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { z } from "zod";
import { config } from "../../config";
import { suppliedCalendars } from "../../config/holidays";
import { createCalendarSource } from "../domain/calendar-service";
import { createOutbox } from "../domain/notifier";
import type { PageTokens } from "../domain/ports";
import { countCalls } from "./aws-calls";
import type { Deps } from "./deps";
import { createBulletinStore } from "./dynamo/bulletin-store";
import { createCalendarStore } from "./dynamo/calendar-store";
import { createCatalogueStore } from "./dynamo/catalogue-store";
import { documentClient } from "./dynamo/client";
import { createFilingStore } from "./dynamo/filing-store";
import { createIdempotencyStore } from "./dynamo/idempotency-store";
import { createImportStore } from "./dynamo/import-store";
import { createOutboxStore } from "./dynamo/outbox-store";
import { createPolicyStore } from "./dynamo/policy-store";
import { createAccidentStore, createHazardStore } from "./dynamo/subject-store";
import { createSweepStore } from "./dynamo/sweep-store";
import { createEumSms } from "./eum-sms";
import { createIds } from "./ids";
import { createLog } from "./log";
import { realPace } from "./pace";
import { createPageTokens, pageTokenKey } from "./page-tokens";
import { createS3Objects } from "./s3-objects";
import { createSchedulerTimers } from "./scheduler-timers";
import { createSesEmail } from "./ses-email";
import { createSfnWorkflows } from "./sfn-workflows";

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
  /** The Secrets Manager secret whose value keys the page tokens (HTTP functions only; read at cold start). */
  PAGE_TOKEN_SECRET_ARN: z.string().min(1).optional(),
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

/** Workflow tasks hand out no page tokens; a function without the secret refuses to make one. */
const withoutPageTokens: PageTokens = {
  seal() {
    throw new Error("this function has no PAGE_TOKEN_SECRET_ARN");
  },
  open() {
    throw new Error("this function has no PAGE_TOKEN_SECRET_ARN");
  },
};

async function pageTokenSecret(arn: string): Promise<string> {
  const out = await countCalls(new SecretsManagerClient({})).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!out.SecretString) throw new Error("the page-token secret has no string value");
  return out.SecretString;
}

export async function lambdaDeps(): Promise<Deps> {
  const env = LambdaEnv.parse(process.env);
  const db = documentClient({ tableName: env.TABLE_NAME });
  const log = createLog();
  const outbox = createOutboxStore(db, env.TABLE_NAME, config.notify.dispatch.shards);
  const sfn = countCalls(new SFNClient({}));
  const timers = createSchedulerTimers(countCalls(new SchedulerClient({})), sfn, systemClock, {
    group: env.TIMER_GROUP,
    roleArn: env.TIMER_ROLE_ARN,
    workflows: env.WORKFLOW_ARNS,
  });
  const objects = createS3Objects(countCalls(new S3Client({})), env.FILES_BUCKET);
  const sms = createEumSms(
    countCalls(new PinpointSMSVoiceV2Client({})),
    env.SMS_ORIGINATION_IDENTITY,
    env.SMS_CONFIGURATION_SET,
  );
  const notifier = createOutbox({
    outbox,
    // Enqueueing sets the dispatch timer of the minute; the dispatcher function sends (one pass at a time).
    wake: "timer",
    pace: realPace,
    random: Math.random,
    // The rate table's names: the SMS channel names its provider itself.
    providers: { sms: sms.provider, email: "ses" },
    attachments: objects,
    clock: systemClock,
    timers,
    config,
    log,
    email: createSesEmail(countCalls(new SESv2Client({})), env.EMAIL_FROM, env.SES_CONFIGURATION_SET),
    sms,
  });
  const calendars = createCalendarSource(createCalendarStore(db, env.TABLE_NAME), suppliedCalendars);
  // Supplied holiday years are read on first use (`freshCalendar`), not here: a function without a grant on
  // the table (GET /healthz, GET /v1/openapi.json) must start without reading it.
  return {
    config,
    clock: systemClock,
    calendar: calendars.calendar,
    calendars,
    hazards: createHazardStore(db, env.TABLE_NAME),
    accidents: createAccidentStore(db, env.TABLE_NAME),
    policies: createPolicyStore(db, env.TABLE_NAME),
    sweeps: createSweepStore(db, env.TABLE_NAME, config.store.writeShards),
    bulletins: createBulletinStore(db, env.TABLE_NAME),
    ids: createIds(systemClock),
    catalogue: createCatalogueStore(db, env.TABLE_NAME, config.store.writeShards),
    filings: createFilingStore(db, env.TABLE_NAME, config.store.writeShards, config.store.pageSize),
    outbox,
    objects,
    imports: createImportStore(db, env.TABLE_NAME),
    idempotency: createIdempotencyStore(db, env.TABLE_NAME),
    workflows: createSfnWorkflows(sfn, env.WORKFLOW_ARNS),
    notifier,
    timers,
    log,
    auth: undefined,
    pageTokens: env.PAGE_TOKEN_SECRET_ARN
      ? createPageTokens(pageTokenKey(await pageTokenSecret(env.PAGE_TOKEN_SECRET_ARN)), systemClock)
      : withoutPageTokens,
  };
}
