import * as z from "zod";
import { config } from "../../config";
import { suppliedCalendars } from "../../config/holidays";
import { createCalendarSource } from "../domain/calendar-service";
import type { PageTokens } from "../domain/ports";
import { type AwsPort, type Deps, refusing } from "./deps";
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
import { createIds } from "./ids";
import { createLog } from "./log";

/** The Lambda environment, set by infra/ — validated like any other boundary. */
export const LambdaEnv = z
  .object({
    TABLE_NAME: z.string().min(1),
    FILES_BUCKET: z.string().min(1),
    EMAIL_FROM: z.string().min(3),
    /**
     * Which channels send: `aws` (SES and End User Messaging SMS) or `mainland` (SMTP and Aliyun or Tencent
     * Cloud SMS, for the AWS China regions). infra/function.ts also fixes it at bundle time, so a bundle holds
     * only its own channels' clients.
     */
    DUBAN_CHANNELS: z.enum(["aws", "mainland"]).default("aws"),
    SES_CONFIGURATION_SET: z.string().optional(),
    SMS_ORIGINATION_IDENTITY: z.string().min(1).optional(),
    SMS_CONFIGURATION_SET: z.string().optional(),
    /**
     * Mainland: the SMS provider, its settings and the Secrets Manager secret of its credentials, and the SMTP
     * mailbox with the secret of its login, as JSON (functions/adapters/delivery-settings.ts reads them).
     * Set on the functions that send only.
     */
    SMS_SETTINGS: z.string().min(2).optional(),
    EMAIL_SETTINGS: z.string().min(2).optional(),
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
  })
  .superRefine((env, ctx) => {
    const needs =
      env.DUBAN_CHANNELS === "aws"
        ? (["SMS_ORIGINATION_IDENTITY"] as const)
        : (["SMS_SETTINGS", "EMAIL_SETTINGS"] as const);
    for (const key of needs) {
      if (env[key] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} is required with ${env.DUBAN_CHANNELS} channels`,
        });
    }
  });
export type LambdaEnv = z.infer<typeof LambdaEnv>;

/** What every function has: the table's stores, the clock, ids, the log and the calendar. */
export type LambdaBase = Omit<Deps, AwsPort | "pageTokens" | "auth">;

/** What a handler may name to be composed with: the AWS ports, page tokens, providers' receipt readers. */
export type ComposedPort = AwsPort | "pageTokens" | "receiptReaders";

/**
 * One port built from an AWS client (S3, Scheduler, Step Functions, SES, End User Messaging, Secrets
 * Manager), one module each under ./aws-ports/. A handler names the ones it uses (`route(spec, impl,
 * [objectsPort])`): only those modules are imported by its entry, so esbuild leaves every other client out
 * of its bundle. `build` may ask the composition for another port it depends on (the notifier for timers).
 */
export type PortFactory<K extends ComposedPort = ComposedPort> = {
  readonly port: K;
  build(composition: Composition): Deps[K] | Promise<Deps[K]>;
};

export type Composition = {
  readonly env: LambdaEnv;
  readonly base: LambdaBase;
  /** The port of `factory`, built once per function (a port several others need is shared). */
  use<K extends ComposedPort>(factory: PortFactory<K>): Promise<Deps[K]>;
};

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

function baseOf(env: LambdaEnv): LambdaBase {
  const db = documentClient({ tableName: env.TABLE_NAME });
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
    outbox: createOutboxStore(db, env.TABLE_NAME, config.notify.dispatch.shards),
    imports: createImportStore(db, env.TABLE_NAME),
    idempotency: createIdempotencyStore(db, env.TABLE_NAME),
    log: createLog(),
  };
}

/**
 * One function's dependencies on Lambda: the base every function has, plus the AWS ports its handler named.
 * A port it did not name is `refusing` (any use throws, naming the port), as in the local runtime, where
 * `route`/`task` hand the handler the same selection (functions/adapters/deps.ts `only`).
 */
export async function composeLambda(factories: readonly PortFactory[]): Promise<Deps> {
  const env = LambdaEnv.parse(process.env);
  const base = baseOf(env);
  const built = new Map<string, Promise<unknown>>();
  const composition: Composition = {
    env,
    base,
    use<K extends ComposedPort>(factory: PortFactory<K>) {
      let port = built.get(factory.port);
      if (!port) {
        port = Promise.resolve(factory.build(composition));
        built.set(factory.port, port);
      }
      return port as Promise<Deps[K]>;
    },
  };
  const named = new Map(factories.map((f) => [f.port, f]));
  const portOf = async <K extends AwsPort>(port: K): Promise<Deps[K]> => {
    const factory = named.get(port) as PortFactory<K> | undefined;
    return factory ? composition.use(factory) : (refusing(port) as Deps[K]);
  };
  const pageTokens = named.get("pageTokens") as PortFactory<"pageTokens"> | undefined;
  const receiptReaders = named.get("receiptReaders") as PortFactory<"receiptReaders"> | undefined;
  return {
    ...base,
    objects: await portOf("objects"),
    timers: await portOf("timers"),
    workflows: await portOf("workflows"),
    notifier: await portOf("notifier"),
    auth: undefined,
    ...(receiptReaders ? { receiptReaders: await composition.use(receiptReaders) } : {}),
    pageTokens:
      pageTokens && env.PAGE_TOKEN_SECRET_ARN ? await composition.use(pageTokens) : withoutPageTokens,
  };
}
