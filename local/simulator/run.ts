import { Cron } from "croner";
import { config, obligationById, schedulesFor } from "../../config";
import { callCounts, resetCallCounts } from "../../functions/adapters/aws-calls";
import { sparseIndexReads } from "../../functions/adapters/dynamo/filing-store";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { FilingRecord } from "../../functions/domain/ports";
import { generateEnterprises, generateOfficials } from "../demo-data";
import { type Fired, toCroner } from "../scheduler";
import { type Stack, startStack } from "../stack";
import { createFiler, type Receipt } from "./filer";
import { checkInvariants, type Observed } from "./invariants";
import { expectedSweepReads, filingTimeline, makePlan, type Plan } from "./plan";
import { estimateMonthlyCost, PRICES, smsParts } from "./prices";

export type SimulateOptions = {
  enterprises: number;
  months: number;
  seed: number;
  /** First period, YYYY-MM (default 2026-01). */
  start?: string;
  /** `http`: filings through the local HTTP API; `direct`: the same route handler called in-process. */
  transport?: "http" | "direct";
  /** Filings in flight at once. */
  concurrency?: number;
  progress?: (line: string) => void;
};

const OBLIGATION = "monthly-self-inspection";
/** How many violation strings the result lists; the count of all is given after them. */
const MAX_LISTED = 100;

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * The instants to advance the clock to: every filing instant, and every occurrence of a recurring schedule
 * (so that each advance fires one phase and the time breakdown can name what the time went to).
 */
function timeline(plan: Plan) {
  const instants = new Map(filingTimeline(plan).map((g) => [g.at.getTime(), g.filings]));
  for (const s of schedulesFor(config)) {
    const cron = new Cron(toCroner(s.cron), { timezone: s.timeZone, paused: true });
    for (let at = cron.nextRun(plan.start); at && at <= plan.end; at = cron.nextRun(at)) {
      if (!instants.has(at.getTime())) instants.set(at.getTime(), []);
    }
  }
  return [...instants.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, filings]) => ({ at: new Date(t), filings }));
}

type SesStore = { emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[] };

async function sesEmails(stack: Stack): Promise<SesStore["emails"]> {
  const res = await fetch(`${stack.urls.ses}/store`);
  return ((await res.json()) as SesStore).emails;
}

/**
 * DynamoDB calls the local runtime makes for itself — the scheduler's last-fired state, the stored
 * virtual clock, the timer index — which on AWS are EventBridge Scheduler's job. Per advance: one read of
 * each schedule's state, one timer query and the clock write; per fire the same again, plus the state
 * write (a schedule) or the timer's done mark (a timer). Setting a timer stays counted: on AWS it is a
 * CreateSchedule call.
 */
function localBookkeeping(advances: number, fired: Fired[], schedules: number) {
  const timers = fired.filter((f) => f.kind === "timer").length;
  const loops = advances + fired.length;
  return {
    "DynamoDB.GetItem": loops * schedules,
    "DynamoDB.Query": loops,
    "DynamoDB.PutItem": advances + fired.length + (fired.length - timers),
    "DynamoDB.UpdateItem": timers,
  };
}

export async function simulate(options: SimulateOptions) {
  const t0 = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  sampler.unref();
  const progress = options.progress ?? (() => undefined);
  const transport = options.transport ?? "http";
  const start = options.start ?? "2026-01";

  const enterprises = generateEnterprises({ count: options.enterprises, seed: options.seed });
  const officials = generateOfficials();
  const obligation = obligationById(OBLIGATION);
  const plan = makePlan({
    enterprises,
    officials,
    obligation,
    start,
    months: options.months,
    seed: options.seed,
  });

  const stack = await startStack({
    clock: "virtual",
    now: plan.start,
    quiet: true,
    demo: false,
    notice: () => {},
  });
  try {
    const time: Record<string, number> = { stackStart: performance.now() - t0 };
    const fireTime: Record<string, number> = {};
    const fires: Record<string, number> = {};
    const allFired: Fired[] = [];
    let advances = 0;
    let clockOnly = 0;
    const advanceTo = async (to: Date) => {
      const began = performance.now();
      const { fired } = await stack.scheduler.advanceTo(to);
      const spent = performance.now() - began;
      advances++;
      allFired.push(...fired);
      if (fired.length === 0) clockOnly += spent;
      for (const f of fired) {
        const name = `${f.workflow}:${f.phase}`;
        fireTime[name] = (fireTime[name] ?? 0) + spent / fired.length;
        fires[name] = (fires[name] ?? 0) + 1;
      }
      return fired;
    };

    resetCallCounts();
    const reads0 = { ...sparseIndexReads };
    const emailsBefore = (await sesEmails(stack)).length;
    const smsBefore = stack.sms.list().length;

    let began = performance.now();
    await createCatalogueService(stack.deps).load(enterprises, officials);
    time.catalogueLoad = performance.now() - began;
    progress(`catalogue: ${enterprises.length} enterprises, ${officials.length} officials loaded`);

    const file = createFiler(stack, plan, transport);
    const receipts: Receipt[] = [];
    let filingMs = 0;
    for (const group of timeline(plan)) {
      const fired = await advanceTo(group.at);
      for (const f of fired) if (f.phase === "close") progress(`closed at ${f.at}`);
      began = performance.now();
      await inParallel(group.filings, options.concurrency ?? 16, async (work) => {
        receipts.push(await file(work));
      });
      filingMs += performance.now() - began;
    }
    await advanceTo(plan.end);
    time.filings = filingMs;

    // What the run cost, before the checks below read the store.
    const counted = callCounts();
    const stats = stack.runner.stats();
    const itemsRead = sparseIndexReads.owed + sparseIndexReads.flagged - reads0.owed - reads0.flagged;

    began = performance.now();
    const filings: FilingRecord[] = await stack.deps.filings.getFilings(
      plan.enterprises.flatMap((e) =>
        plan.periods.map((p) => ({
          creditCode: e.enterprise.creditCode,
          obligation: OBLIGATION,
          period: p.period,
        })),
      ),
    );
    let waitingOutbox = 0;
    let token: string | undefined;
    do {
      const page = await stack.deps.outbox.pageDue("9999-12-31T23:59:59.999Z", token);
      waitingOutbox += page.items.length;
      token = page.nextToken;
    } while (token);
    const observed: Observed = {
      sms: stack.sms.list().slice(smsBefore),
      emails: (await sesEmails(stack)).slice(emailsBefore).map((m) => ({
        to: m.destination.to[0] ?? "",
        subject: m.subject,
        text: m.body.text ?? "",
      })),
      filings,
      receipts,
      waitingOutbox,
      fired: allFired,
    };
    time.collect = performance.now() - began;

    began = performance.now();
    const report = checkInvariants(plan, config, observed);
    time.verify = performance.now() - began;

    const sum = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);
    const executions = sum(stats.executions);
    const taskInvocations = sum(stats.taskInvocations);
    const schedulerInvocations = allFired.length;
    const awsCalls: Record<string, number> = {
      ...counted,
      "PinpointSMSVoiceV2.SendTextMessage": observed.sms.length,
      "Lambda.Invoke": taskInvocations,
      "StepFunctions.StartExecution": executions,
      "Scheduler.Invoke": schedulerInvocations,
    };
    const bookkeeping = localBookkeeping(advances, allFired, schedulesFor(config).length);
    const dynamoOnAws = Object.fromEntries(
      Object.entries(counted)
        .filter(([k]) => k.startsWith("DynamoDB."))
        .map(([k, v]) => [k, Math.max(0, v - (bookkeeping[k as keyof typeof bookkeeping] ?? 0))]),
    );
    const parts = observed.sms.reduce((n, m) => n + smsParts(m.text), 0);
    const cost = estimateMonthlyCost({
      dynamo: dynamoOnAws,
      sparseItemsRead: itemsRead,
      // Every API request is a Lambda invocation too (one function per route behind API Gateway).
      lambdaInvocations: taskInvocations + receipts.length,
      executions,
      taskInvocations,
      schedulerInvocations,
      httpRequests: receipts.length,
      emails: counted["SESv2.SendEmail"] ?? 0,
      smsParts: parts,
      months: options.months,
    });

    const statusCount = { on_time: 0, late: 0, missing: 0 };
    for (const r of filings) statusCount[r.status]++;
    statusCount.missing += plan.enterprises.length * plan.periods.length - filings.length;
    const wall = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const violated =
      report.violated.length > MAX_LISTED
        ? [...report.violated.slice(0, MAX_LISTED), `… ${report.violated.length} violations in all`]
        : report.violated;
    const result = {
      enterprises: options.enterprises,
      months: options.months,
      seed: options.seed,
      start,
      transport,
      reports: { onTime: statusCount.on_time, late: statusCount.late, missing: statusCount.missing },
      filings: {
        requests: receipts.length,
        amendments: plan.enterprises.reduce(
          (n, e) => n + e.periods.reduce((m, ep) => m + ep.events.filter((v) => v.amendment).length, 0),
          0,
        ),
      },
      notifications: report.notifications,
      invariants: { checked: report.checked, violated },
      awsCalls,
      localRuntimeCalls: bookkeeping,
      sweep: { itemsRead, nonFilers: expectedSweepReads(plan) },
      wallSeconds: seconds(wall),
      enterpriseMonthsPerSecond: Math.round((options.enterprises * options.months * 1000) / wall),
      peakRssMB: Math.round(peakRss / 2 ** 20),
      estimatedMonthlyCostUSD: cost.perMonthUSD,
      cost: {
        perMonthUSD: cost.breakdownPerMonthUSD,
        smsParts: parts,
        ...cost.units,
        prices: `${PRICES.reference}, ${PRICES.date} (local/simulator/prices.ts)`,
      },
      timeBreakdown: {
        stackStart: seconds(time.stackStart ?? 0),
        catalogueLoad: seconds(time.catalogueLoad ?? 0),
        filings: seconds(time.filings ?? 0),
        fires: Object.fromEntries(Object.entries(fireTime).map(([k, v]) => [k, seconds(v)])),
        clockOnlyAdvances: seconds(clockOnly),
        collect: seconds(time.collect ?? 0),
        verify: seconds(time.verify ?? 0),
      },
      schedulerFires: fires,
      advances,
    };
    return { result, plan, observed };
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
}

export type SimulationResult = Awaited<ReturnType<typeof simulate>>["result"];
