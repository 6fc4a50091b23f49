import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { config as defaultConfig, schedulesFor } from "../config";
import { suppliedCalendars } from "../config/holidays";
import { countCalls } from "../functions/adapters/aws-calls";
import type { Deps } from "../functions/adapters/deps";
import { createBulletinStore } from "../functions/adapters/dynamo/bulletin-store";
import { createCalendarStore } from "../functions/adapters/dynamo/calendar-store";
import { createCatalogueStore } from "../functions/adapters/dynamo/catalogue-store";
import { documentClient } from "../functions/adapters/dynamo/client";
import { createFilingStore } from "../functions/adapters/dynamo/filing-store";
import { createIdempotencyStore } from "../functions/adapters/dynamo/idempotency-store";
import { createImportStore } from "../functions/adapters/dynamo/import-store";
import { createOutboxStore } from "../functions/adapters/dynamo/outbox-store";
import { createPolicyStore } from "../functions/adapters/dynamo/policy-store";
import { createAccidentStore, createHazardStore } from "../functions/adapters/dynamo/subject-store";
import { createSweepStore } from "../functions/adapters/dynamo/sweep-store";
import { createFolderObjects } from "../functions/adapters/folder-objects";
import { loadFonts } from "../functions/adapters/fonts";
import { createIds } from "../functions/adapters/ids";
import { localSigner } from "../functions/adapters/local-signer";
import { createLog } from "../functions/adapters/log";
import { realPace } from "../functions/adapters/pace";
import { createPageTokens, pageTokenKey } from "../functions/adapters/page-tokens";
import { createSesEmail } from "../functions/adapters/ses-email";
import { createCalendarSource } from "../functions/domain/calendar-service";
import { createCatalogueService } from "../functions/domain/catalogue-service";
import type { DubanConfig } from "../functions/domain/config-schema";
import { createImportService } from "../functions/domain/import-service";
import { resolveInterrupted } from "../functions/domain/interrupted-sends";
import { message } from "../functions/domain/messages";
import { createOutbox, type Log } from "../functions/domain/notifier";
import type { EmailChannel, ReceiptReader, SmsChannel } from "../functions/domain/ports";
import { reconcileEffects } from "../functions/domain/reconciler";
import { createBulletinService } from "../functions/render/bulletin-service";
import * as sesEvents from "../functions/tasks/ses-events";
import { localSecret, signToken, verifyToken } from "./auth";
import { type ClockMode, LocalClock } from "./clock";
import { demoCatalogue } from "./demo-data";
import { ensureTable, startDynalite } from "./dynamo";
import { type Arming, createLocalFailpoints, parseFailpoints } from "./failpoints";
import { createHttpServer, listen } from "./http-server";
import { makePrivate } from "./private-files";
import { createWorkflowRunner } from "./runner";
import { createScheduler, type Fired } from "./scheduler";
import { startSesLocal, trimSesStore } from "./ses";
import { createSinkReceiptReader, sinkReceiptKey } from "./sink-receipts";
import { createSmsSink } from "./sms-sink";
import { createTableTimers } from "./timers";
import { repairByState, runMarker } from "./unclean-stop";

export type StackOptions = {
  /** Where data lives (LevelDB, SMS log, token secret); without it everything is in memory. */
  dataDir?: string;
  clock: ClockMode;
  now?: Date;
  httpPort?: number;
  sesPort?: number;
  /**
   * How many emails the local SES viewer keeps (default SES_VIEWER_KEEPS, so a long run stays flat); the
   * simulator keeps every one, since its invariants read all the mail of the run.
   */
  sesViewerKeeps?: number;
  /**
   * Without `dataDir`: a folder for the store's LevelDB files in a process of its own, instead of its
   * in-memory tree (a simulated province's table then costs disk, not memory).
   */
  storeDir?: string;
  /** Load the 保山市 demo catalogue when the store is empty. */
  demo?: boolean | number;
  quiet?: boolean;
  config?: DubanConfig;
  notice?: (text: string) => void;
  /** Failpoints armed from the start (`DUBAN_FAILPOINTS=name[@n],…` in `npm start`). */
  failpoints?: Arming[];
  /** How long a token from POST /_local/sign-in lives. */
  tokenHours?: number;
  /** Where structured logs go; by default JSON on stdout (errors only when `quiet`). */
  log?: Log;
  /** Told of each schedule or timer fire as it completes. */
  onFired?: (fired: Fired) => void;
  /**
   * The SMS channel, when not the local sink (`DUBAN_SMS_PROVIDER`: a fake or real Aliyun or Tencent
   * endpoint, local/channels.ts); the sink still keeps what the default would have sent: nothing.
   */
  smsChannel?: SmsChannel;
  /** The email channel, when not the local SES viewer (`DUBAN_SMTP_URL`: an SMTP server). */
  emailChannel?: EmailChannel;
  /** Receipt readers of the chosen providers (by callback name), beside the SMS sink's own. */
  receiptReaders?: Record<string, ReceiptReader>;
};

const TABLE = "duban";

/**
 * The whole system on loopback: dynalite, SES local, the SMS sink, the durable scheduler and the local Step
 * Functions runner executing workflows/ with the real handlers, and the HTTP API.
 */
export async function startStack(options: StackOptions) {
  const config = options.config ?? defaultConfig;
  const failpoints = createLocalFailpoints(
    options.failpoints ?? parseFailpoints(process.env.DUBAN_FAILPOINTS),
  );
  const notice = options.notice ?? ((text: string) => console.log(text));
  if (options.dataDir) makePrivate(options.dataDir);
  const storePath = options.dataDir ? join(options.dataDir, "dynamo") : options.storeDir;
  const dynamo = await startDynalite(storePath ? { path: storePath } : {});
  await ensureTable(dynamo.endpoint, TABLE);
  const ses = await startSesLocal(options.sesPort ?? 0);
  const db = documentClient({ tableName: TABLE, endpoint: dynamo.endpoint });
  const clock = await LocalClock.open(db, TABLE, options.clock, options.now, notice);
  const log = options.log ?? createLog("duban-local", options.quiet ?? false);
  const sms = createSmsSink(clock, options.dataDir ? join(options.dataDir, "sms.jsonl") : undefined);
  const smsChannel = options.smsChannel ?? sms.channel;
  const tableTimers = createTableTimers(db, TABLE);
  const outbox = createOutboxStore(db, TABLE, config.notify.dispatch.shards);
  const sesClient = countCalls(
    new SESv2Client({
      endpoint: ses.endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      signer: localSigner,
    }),
  );
  const notifier = createOutbox({
    outbox,
    // One process: what is due now is sent by a pass the enqueue waits for; later messages get timers.
    wake: "in-process",
    pace: realPace,
    random: Math.random,
    // A channel a test hands in (a fake provider server) is named by its kind, paced as configured for it.
    providers: { sms: smsChannel.provider, email: options.emailChannel ? "smtp" : "ses-local" },
    clock,
    timers: tableTimers.timers,
    config,
    log,
    email: options.emailChannel ?? createSesEmail(sesClient, "duban@example.gov.cn"),
    sms: smsChannel,
    // The folder is made below; an email is only ever sent after it exists.
    attachments: { get: (key) => objects.get(key) },
  });
  const secret = localSecret(
    options.dataDir ? join(options.dataDir, "secret") : join(process.cwd(), ".duban", "secret"),
  );
  const calendars = createCalendarSource(createCalendarStore(db, TABLE), suppliedCalendars);
  await calendars.refresh();
  let apiUrl = "http://127.0.0.1";
  const objects = createFolderObjects({
    root: options.dataDir ? join(options.dataDir, "objects") : mkdtempSync(join(tmpdir(), "duban-objects-")),
    // The token secret signs download links too (a different message shape, so neither passes for the other).
    secret: Buffer.from(secret).toString("base64url"),
    clock,
    baseUrl: () => apiUrl,
  });
  const background = backgroundWorkflows(log);
  const deps: Deps = {
    config,
    clock,
    calendar: calendars.calendar,
    calendars,
    hazards: createHazardStore(db, TABLE),
    accidents: createAccidentStore(db, TABLE),
    policies: createPolicyStore(db, TABLE),
    sweeps: createSweepStore(db, TABLE, config.store.writeShards),
    bulletins: createBulletinStore(db, TABLE),
    ids: createIds(clock),
    catalogue: createCatalogueStore(db, TABLE, config.store.writeShards),
    filings: createFilingStore(db, TABLE, config.store.writeShards, config.store.pageSize),
    outbox,
    objects,
    imports: createImportStore(db, TABLE),
    idempotency: createIdempotencyStore(db, TABLE),
    workflows: background.starter,
    notifier,
    timers: tableTimers.timers,
    log,
    auth: { verify: (token) => verifyToken(secret, token) },
    // Derived from the local secret beside the data: a restart keeps tokens valid, a new folder does not.
    pageTokens: createPageTokens(pageTokenKey(secret), clock),
    // The SMS sink's receipts, signed with a key from the local secret (`signedSinkReceipts`).
    receiptReaders: { sink: createSinkReceiptReader(sinkReceiptKey(secret)), ...options.receiptReaders },
  };
  const runner = createWorkflowRunner(deps);
  background.attach(runner);
  const scheduler = createScheduler({
    db,
    table: TABLE,
    clock,
    schedules: schedulesFor(config),
    timers: tableTimers,
    runner,
    log,
    onFired: (fired) => {
      trimSesStore(options.sesViewerKeeps);
      options.onFired?.(fired);
    },
  });
  await scheduler.initialise();

  let demoLoaded = 0;
  if (options.demo && (await deps.catalogue.isEmpty())) {
    const demo = demoCatalogue(typeof options.demo === "number" ? options.demo : 300);
    await createCatalogueService(deps).load(demo.enterprises, demo.officials);
    demoLoaded = demo.enterprises.length;
  }

  // After a kill the index alone is not trusted: unsettled messages and pending timers are found by their
  // state and written back where they belong.
  const marker = options.dataDir ? runMarker(options.dataDir) : undefined;
  let interrupted = 0;
  if (marker?.begin()) {
    const repaired = await repairByState(db, TABLE, outbox, (entry) =>
      resolveInterrupted(entry, {
        outbox,
        sms: smsChannel,
        clock,
        retentionDays: config.notify.retentionDays,
      }),
    );
    interrupted += repaired.interrupted;
    log.info("state repaired after an unclean stop", repaired);
  }
  // One process sends locally: whatever is still `sending` was interrupted by the last stop (kill -9),
  // whenever it was claimed — a claim time ahead of the clock (data written by a clock that has since
  // been set back) must not hide it.
  interrupted += await notifier.recoverInterrupted(new Date("9999-12-31T23:59:59.999Z"));
  if (interrupted > 0) notice(message("cli.interrupted_sends", { count: interrupted }));

  // What the scheduled reconciler task does on AWS (functions/tasks/reconcile-effects.ts): the effects of
  // subjects, and the deliveries of bulletins issued but cut off before they were all handed over.
  const reconcileAll = async (before: Date) => ({
    ...(await reconcileEffects(deps, before)),
    bulletins: await createBulletinService({ ...deps, fonts: loadFonts }).reconcile(before),
  });

  // One process applies effects locally: whatever a change recorded and the last stop interrupted is
  // completed now — timers set, notices sent — before anything fires.
  const reconciled = await reconcileAll(new Date(clock.now().getTime() + 1));
  const behind = reconciled.hazards.subjects + reconciled.accidents.subjects + reconciled.bulletins.subjects;
  if (behind > 0) notice(message("cli.effects_completed", { count: behind }));

  // Messages the last stop left queued (enqueued, the dispatcher not yet woken) go out now.
  await notifier.dispatch();

  // Whatever fell due while the process was down fires now, in time order, before the API serves.
  const caughtUp = await scheduler.advanceTo(clock.now());

  // Imports a kill left unfinished resume where they stopped; their pages are idempotent.
  for (const id of await createImportService(deps).unfinished()) {
    notice(message("cli.import_resumed", { id }));
    await deps.workflows.start("enterprise-import", id, { importId: id });
  }

  const http = createHttpServer(deps, {
    clock,
    scheduler,
    smsList: sms.list,
    failpoints,
    timers: tableTimers.byIds,
    objects,
    sesEvent: (event) => sesEvents.create(deps)(event, {} as never),
    verify: (token) => verifyToken(secret, token),
    sign: (claims) =>
      signToken(secret, { ...claims, role: claims.role as never, hours: options.tokenHours ?? 8 }),
  });
  const httpPort = await listen(http, options.httpPort ?? 0);
  apiUrl = `http://127.0.0.1:${httpPort}`;

  // The reconciler's schedule locally: wall-clock minutes, as crashes happen in real time.
  const reconciler = setInterval(() => {
    const before = new Date(clock.now().getTime() - config.effects.reconcileAfterSeconds * 1000);
    reconcileAll(before).catch((error) => log.warn("effects reconciler failed", { error: String(error) }));
  }, config.effects.localReconcileSeconds * 1000);
  reconciler.unref();

  let ticker: NodeJS.Timeout | undefined;
  if (clock.mode === "real") {
    ticker = setInterval(() => {
      scheduler
        .advanceTo(new Date())
        // The real clock's time is stored now and then: the floor of a later virtual --now.
        .then(() => clock.set(new Date()))
        .catch((error) => log.warn("scheduler tick failed", { error: String(error) }));
    }, 1000);
  }

  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    deps,
    db,
    table: TABLE,
    clock,
    scheduler,
    runner,
    sms,
    failpoints,
    secret,
    /** The key the SMS sink signs its receipts with (`signedSinkReceipts`). */
    sinkReceiptKey: sinkReceiptKey(secret),
    demoLoaded,
    caughtUp: caughtUp.fired,
    urls: { api: `http://127.0.0.1:${httpPort}`, ses: ses.endpoint, dynamo: dynamo.endpoint },
    /** The in-memory store's process, when it has one of its own. */
    storePid: dynamo.pid,
    /** Resolves when the workflows started in the background (imports) have finished. */
    settled: () => background.settled(),
    async stop() {
      if (ticker) clearInterval(ticker);
      await background.settled();
      clearInterval(reconciler);
      http.closeAllConnections();
      await close(http);
      // A stop must stop even when the store has gone (a deleted table, a full disk): the time is then lost, logged.
      await clock
        .store()
        .catch((error) => log.warn("the clock's time was not stored on stop", { error: String(error) }));
      await close(ses.server);
      await dynamo.stop();
      marker?.end();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * Workflows started by a request (an import of several pages) run in the background of the process, like an
 * execution on AWS runs apart from the Lambda that started it; `settled` waits for them. Not durable by
 * itself: what a kill interrupts is found unfinished in the table and started again on the next start.
 */
function backgroundWorkflows(log: Deps["log"]) {
  let runner: ReturnType<typeof createWorkflowRunner> | undefined;
  const running = new Map<string, Promise<unknown>>();
  const starter: Deps["workflows"] = {
    async start(workflow, id, input) {
      if (!runner) throw new Error("the workflow runner is not ready");
      if (running.has(id)) return;
      const run = runner
        .run(workflow, input)
        .catch((error) => log.warn("background workflow failed", { workflow, id, error: String(error) }))
        .finally(() => running.delete(id));
      running.set(id, run);
    },
  };
  return {
    starter,
    attach(r: ReturnType<typeof createWorkflowRunner>) {
      runner = r;
    },
    async settled() {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}
