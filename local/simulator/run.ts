import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cron } from "croner";
import { obligationById, schedulesFor, config as shipped } from "../../config";
import { callCounts, itemWriteCount, resetCallCounts } from "../../functions/adapters/aws-calls";
import { sparseIndexReads } from "../../functions/adapters/dynamo/filing-store";
import { shanghaiDateOf } from "../../functions/domain/calendar";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { DubanConfig } from "../../functions/domain/config-schema";
import { nextPeriod } from "../../functions/domain/period";
import type { FilingRecord } from "../../functions/domain/ports";
import { SWEEP_WORKFLOW } from "../../functions/domain/sweep-service";
import { rawBatchWriteRate } from "../bench/raw-write-rate";
import {
  DEMO_COUNTY_CODES,
  generateEnterprises,
  generateOfficials,
  officialsFor,
  UNUSUAL_JURISDICTIONS,
} from "../demo-data";
import { type Fired, toCroner } from "../scheduler";
import { type Stack, startStack } from "../stack";
import { createFiler, type Receipt } from "./filer";
import { createHttpClient } from "./http";
import { checkInvariants, type Observed } from "./invariants";
import { createPhaseMeter, phaseLine } from "./phases";
import { expectedSweepReads, filingTimeline, makePlan, type Plan } from "./plan";
import { estimateMonthlyCost, PRICES, smsParts } from "./prices";
import type { ProvinceShape } from "./shape";
import { createSubjectActor, type Sample, type SubjectReceipt, type SubjectView } from "./subject-actor";
import { createSubjectClient } from "./subject-client";
import {
  type AccidentAction,
  type AccidentPlan,
  type HazardAction,
  type HazardPlan,
  makeSubjectPlan,
  modelOf,
  progressRecords,
} from "./subjects";
import { checkSweeps } from "./sweep-check";

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
  /** Hazards registered per enterprise and year (default 0.6), a fifth of them major. */
  hazardsPerEnterpriseYear?: number;
  /** Accident cases per year over all counties (default one per 200 enterprises). */
  accidentsPerYear?: number;
  progress?: (line: string) => void;
  /**
   * `memory` (default): the table in the store process's memory; `disk`: LevelDB files in a temporary
   * folder (removed after the run), so that a province's table costs disk rather than memory.
   */
  store?: "memory" | "disk";
  /** A province's shape (`shape.ts`); default the 保山市 demo counties with 东城区 and 仙桃市. */
  shape?: ProvinceShape;
  /** Items for the store's raw BatchWriteItem rate measured after the run (default none: no yardstick). */
  yardstickItems?: number;
};

const OBLIGATION = "monthly-self-inspection";
/** Enterprises written to the catalogue at a time when the run starts. */
const SEED_PAGE = 2_000;
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

type Subject = HazardPlan | AccidentPlan;
type Instant = {
  filings: ReturnType<typeof filingTimeline>[number]["filings"];
  actions: { s: Subject; a: HazardAction | AccidentAction }[];
  samples: Subject[];
};

/**
 * The instants to advance the clock to: every filing instant, every hazard or accident action and
 * `upcoming` sample, and every occurrence of a recurring schedule (so that each advance fires one phase and
 * the time breakdown can name what the time went to).
 */
function timeline(plan: Plan) {
  const instants = new Map<number, Instant>();
  const at = (t: Date) => {
    let found = instants.get(t.getTime());
    if (!found) {
      found = { filings: [], actions: [], samples: [] };
      instants.set(t.getTime(), found);
    }
    return found;
  };
  for (const g of filingTimeline(plan)) at(g.at).filings.push(...g.filings);
  for (const s of [...(plan.subjects?.hazards ?? []), ...(plan.subjects?.accidents ?? [])]) {
    for (const a of s.actions) at(a.at).actions.push({ s, a });
    for (const t of s.samples) at(t).samples.push(s);
  }
  for (const s of schedulesFor(config)) {
    const cron = new Cron(toCroner(s.cron), { timezone: s.timeZone, paused: true });
    for (let t = cron.nextRun(plan.start); t && t <= plan.end; t = cron.nextRun(t)) at(t);
  }
  return [...instants.entries()].sort(([a], [b]) => a - b).map(([t, work]) => ({ at: new Date(t), ...work }));
}

/**
 * The simulator plays the monthly self-inspection report, hazards, accident cases and the progress of
 * listed hazards. Its enterprises do not file the quarterly and annual hazard statistics, so it runs
 * without those obligations: their reminders would otherwise be messages no plan explains. For the same
 * reason its catalogue owes from the first simulated month only (not the month before, which the shipped
 * joining rule would add), and filing receipts are left out of its message counts, as are the notices of
 * hazard events its model does not plan yet (registration, extension request and decision, evaluation) and
 * the city digest (checked by test/workflows/monthly-report-cycle.test.ts).
 */
const config: DubanConfig = {
  ...shipped,
  hazards: { ...shipped.hazards, notices: {} },
  obligations: shipped.obligations
    .filter((o) => o.form !== "hazard-statistics")
    .map(({ receipt: _receipt, digest: { cityTemplate: _city, ...digest }, ...o }) => ({
      ...o,
      digest,
      joining: "owes_current_period" as const,
    })),
};

/** Actions at one instant: one chain per subject (in plan order), the chains side by side. */
function chains(actions: Instant["actions"]) {
  const bySubject = new Map<string, Instant["actions"]>();
  for (const x of actions) bySubject.set(x.s.key, [...(bySubject.get(x.s.key) ?? []), x]);
  return [...bySubject.values()];
}

type SesStore = { emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[] };

async function sesEmails(stack: Stack): Promise<SesStore["emails"]> {
  const res = await fetch(`${stack.urls.ses}/store`);
  return ((await res.json()) as SesStore).emails;
}

/**
 * DynamoDB calls the local runtime makes for itself — the stored virtual clock, the timer index, the
 * schedules' last-fired state — which on AWS are EventBridge Scheduler's job. The scheduler reads each
 * schedule's state once at start (before the counts are reset) and keeps it in memory. Per advance: one
 * timer query per fire and one more to find nothing due; a clock write whenever the clock moves forward
 * (to a fire's time, then to the advance's end); per fire the state write (a schedule) or the timer's done
 * mark (a timer). Setting a timer stays counted: on AWS it is a CreateSchedule call.
 */
function createBookkeeping(start: Date) {
  let now = start.getTime();
  const calls = { "DynamoDB.Query": 0, "DynamoDB.PutItem": 0, "DynamoDB.UpdateItem": 0 };
  return {
    calls,
    advance(to: Date, fired: Fired[]) {
      calls["DynamoDB.Query"] += fired.length + 1;
      for (const f of fired) {
        const at = new Date(f.at).getTime();
        if (at > now) {
          calls["DynamoDB.PutItem"]++;
          now = at;
        }
        if (f.kind === "timer") calls["DynamoDB.UpdateItem"]++;
        else calls["DynamoDB.PutItem"]++;
      }
      if (to.getTime() > now) {
        calls["DynamoDB.PutItem"]++;
        now = to.getTime();
      }
    },
  };
}

export async function simulate(options: SimulateOptions) {
  const t0 = performance.now();
  const meter = createPhaseMeter();
  const progress = options.progress ?? (() => undefined);
  const transport = options.transport ?? "http";
  const start = options.start ?? "2026-01";

  // 保山市's five counties plus a district of a 直辖市 and a 省直辖县, whose "level above" is not xxxx00;
  // or a province's shape (--counties, --cities).
  const counties = options.shape?.counties ?? [
    ...DEMO_COUNTY_CODES,
    ...UNUSUAL_JURISDICTIONS.filter((j) => j.level === "county").map((j) => j.code),
  ];
  const enterprises = generateEnterprises({ count: options.enterprises, seed: options.seed, counties });
  const officials = options.shape
    ? officialsFor(options.shape.jurisdictions)
    : generateOfficials(undefined, UNUSUAL_JURISDICTIONS);
  const obligation = obligationById(OBLIGATION);
  const plan = makePlan({
    enterprises,
    officials,
    obligation,
    start,
    months: options.months,
    seed: options.seed,
  });
  const hazardsPerEnterpriseYear = options.hazardsPerEnterpriseYear ?? 0.6;
  const accidentsPerYear = options.accidentsPerYear ?? options.enterprises / 200;
  plan.subjects = makeSubjectPlan({
    plan,
    config,
    hazardsPerEnterpriseYear,
    accidentsPerYear,
    seed: options.seed,
  });
  const progressObligation = config.obligations.find((o) => o.subject === "listed_major_hazard");

  const storeDir = options.store === "disk" ? mkdtempSync(join(tmpdir(), "duban-simulate-")) : undefined;
  const stack = await startStack({
    ...(storeDir ? { storeDir } : {}),
    clock: "virtual",
    now: plan.start,
    config,
    quiet: true,
    demo: false,
    notice: () => {},
    // The invariants read every email of the run; the viewer's trimming would count them as never sent.
    sesViewerKeeps: Number.POSITIVE_INFINITY,
  });
  const closers: (() => void)[] = [];
  meter.watchStore(stack.storePid);
  const phase = (name: string) => progress(phaseLine(meter.end(name)));
  phase("plan and stack start");
  try {
    const time: Record<string, number> = { stackStart: performance.now() - t0 };
    const fireTime: Record<string, number> = {};
    const fires: Record<string, number> = {};
    const allFired: Fired[] = [];
    let advances = 0;
    let clockOnly = 0;
    const bookkeeping = createBookkeeping(plan.start);
    let advancing = 0;
    // Each workflow execution timed on its own (one advance may fire a reminder and thirty ladder steps).
    const { runner } = stack;
    const execute = runner.run.bind(runner);
    runner.run = async (workflow, input) => {
      const began = performance.now();
      // A sweep (with its bulletins) is a phase of its own in the time and memory breakdown.
      const sweep = workflow === SWEEP_WORKFLOW && input.phase === "sweep";
      // A scheduled sweep names its instant, one an admin starts its period.
      const which = String(input.period ?? input.scheduledTime);
      if (sweep) phase(`until the sweep of ${which}`);
      try {
        return await execute(workflow, input);
      } finally {
        const name = `${workflow}:${String(input.phase)}`;
        fireTime[name] = (fireTime[name] ?? 0) + performance.now() - began;
        if (sweep) phase(`sweep of ${which} with its bulletins`);
      }
    };
    const advanceTo = async (to: Date) => {
      const began = performance.now();
      const { fired } = await stack.scheduler.advanceTo(to);
      const spent = performance.now() - began;
      advances++;
      advancing += spent;
      bookkeeping.advance(to, fired);
      allFired.push(...fired);
      if (fired.length === 0) clockOnly += spent;
      for (const f of fired) {
        const name = `${f.workflow}:${f.phase}`;
        fires[name] = (fires[name] ?? 0) + 1;
      }
      return fired;
    };

    resetCallCounts();
    const reads0 = { ...sparseIndexReads };
    const emailsBefore = (await sesEmails(stack)).length;
    const smsBefore = stack.sms.list().length;

    let began = performance.now();
    // In pages (each through BatchWriteItem): a province's catalogue is never one write's worth of memory.
    const catalogue = createCatalogueService(stack.deps);
    for (let i = 0; i < enterprises.length; i += SEED_PAGE) {
      await catalogue.load(enterprises.slice(i, i + SEED_PAGE), i === 0 ? officials : []);
    }
    time.catalogueLoad = performance.now() - began;
    progress(`catalogue: ${enterprises.length} enterprises, ${officials.length} officials loaded`);
    phase("catalogue load");

    const concurrency = options.concurrency ?? 16;
    const http = createHttpClient(stack.urls.api, concurrency);
    closers.push(() => http.close());
    const file = createFiler(stack, plan, transport, http);
    const client = createSubjectClient(stack, transport, http);
    const actor = createSubjectActor(client, async (kind, id) => {
      const stored = await (kind === "hazard" ? stack.deps.hazards.get(id) : stack.deps.accidents.get(id));
      return stored && { planVersion: stored.planVersion, firedSteps: stored.firedSteps };
    });
    const receipts: Receipt[] = [];
    const subjectReceipts: SubjectReceipt[] = [];
    const samples: Sample[] = [];
    let filingMs = 0;
    let subjectMs = 0;
    let sampleMs = 0;
    for (const group of timeline(plan)) {
      const fired = await advanceTo(group.at);
      for (const f of fired)
        if (f.phase === "close" && f.name.startsWith(OBLIGATION)) progress(`closed at ${f.at}`);
      began = performance.now();
      await inParallel(group.filings, concurrency, async (work) => {
        receipts.push(await file(work));
      });
      filingMs += performance.now() - began;
      began = performance.now();
      await inParallel(chains(group.actions), concurrency, async (chain) => {
        for (const { s, a } of chain) subjectReceipts.push(await actor.perform(s, a));
      });
      subjectMs += performance.now() - began;
      began = performance.now();
      await inParallel(group.samples, concurrency, async (s) => {
        const sample = await actor.sample(s, group.at);
        if (sample) samples.push(sample);
      });
      sampleMs += performance.now() - began;
    }
    await advanceTo(plan.end);
    phase("rest of the simulated span");
    time.filings = filingMs;
    time.subjectActions = subjectMs;
    time.upcomingSamples = sampleMs;

    began = performance.now();
    const sweeps = await checkSweeps(stack, plan);
    time.sweepCheck = performance.now() - began;
    phase("sweep and bulletin check against the ledger");

    // What the run cost, before the checks below read the store.
    const counted = callCounts();
    const itemsWritten = itemWriteCount();
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
    const subjects = [...plan.subjects.hazards, ...plan.subjects.accidents];
    const finals: Record<string, SubjectView | undefined> = {};
    await inParallel(subjects, concurrency, async (s) => {
      finals[s.key] = (await actor.read(s)).view;
    });
    const firstPeriod = plan.periods[0]?.period ?? start;
    const spanPeriods: string[] = [];
    for (let p = firstPeriod; p <= shanghaiDateOf(plan.end).slice(0, 7); p = nextPeriod("month", p)) {
      spanPeriods.push(p);
    }
    const progressFilings =
      progressObligation === undefined
        ? []
        : await stack.deps.filings.getFilings(
            plan.subjects.hazards.flatMap((h) => {
              const id = actor.ids.get(h.key);
              if (!id || !h.actions.some((a) => a.kind === "list")) return [];
              return spanPeriods.map((period) => ({
                creditCode: h.enterprise.creditCode,
                obligation: progressObligation.id,
                period,
                hazardId: id,
              }));
            }),
          );
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
      subjects: {
        ids: Object.fromEntries(actor.ids),
        finals,
        samples,
        receipts: subjectReceipts,
        progress: progressFilings,
      },
    };
    time.collect = performance.now() - began;
    phase("collect what was observed");

    began = performance.now();
    const report = checkInvariants(plan, config, observed);
    time.verify = performance.now() - began;
    phase("verify the invariants");

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
    const local: Record<string, number> = bookkeeping.calls;
    const dynamoOnAws = Object.fromEntries(
      Object.entries(counted)
        .filter(([k]) => k.startsWith("DynamoDB."))
        .map(([k, v]) => [k, Math.max(0, v - (local[k] ?? 0))]),
    );
    // Every API request is a Lambda invocation behind API Gateway: filings, hazard and accident requests,
    // and the officials' reads of the subjects along the way (the samples; the final reads are not counted).
    const requests = receipts.length + subjectReceipts.length + samples.length;
    const parts = observed.sms.reduce((n, m) => n + smsParts(m.text), 0);
    const cost = estimateMonthlyCost({
      dynamo: dynamoOnAws,
      sparseItemsRead: itemsRead,
      // Every API request is a Lambda invocation too (one function per route behind API Gateway).
      lambdaInvocations: taskInvocations + requests,
      executions,
      taskInvocations,
      schedulerInvocations,
      httpRequests: requests,
      emails: counted["SESv2.SendEmail"] ?? 0,
      smsParts: parts,
      months: options.months,
    });

    const statusCount = { on_time: 0, late: 0, missing: 0 };
    for (const r of filings) statusCount[r.status]++;
    statusCount.missing += plan.enterprises.length * plan.periods.length - filings.length;
    const wall = performance.now() - t0;
    // The yardstick for the write rate, in the same store after the run (not counted in the wall time).
    const raw = options.yardstickItems
      ? await rawBatchWriteRate(stack.urls.dynamo, { items: options.yardstickItems, parallel: 4 })
      : undefined;
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
      hazards: report.subjects?.hazards,
      accidents: report.subjects?.accidents,
      subjectRequests: {
        actions: subjectReceipts.length,
        upcomingSamples: samples.length,
        transport,
        ...(client.viaService().length ? { viaServiceInProcess: client.viaService() } : {}),
      },
      invariants: { checked: report.checked, violated },
      sweep: {
        itemsRead: sweeps.itemsRead,
        itemsReported: sweeps.itemsReported,
        ratio: sweeps.itemsReported
          ? Math.round((sweeps.itemsRead / sweeps.itemsReported) * 1000) / 1000
          : null,
        wallSeconds: seconds((fireTime[`${SWEEP_WORKFLOW}:sweep`] ?? 0) + sweeps.sweepMs),
        figuresChecked: sweeps.figuresChecked,
        mismatches: sweeps.mismatches.length,
        ...(sweeps.mismatches.length ? { firstMismatches: sweeps.mismatches.slice(0, 20) } : {}),
      },
      // The bulletins (通报) the sweeps drafted, their figures checked with the sweep's above.
      bulletins: {
        made: sweeps.bulletins.made,
        figuresChecked: sweeps.bulletins.figuresChecked,
        pdfBytes: sweeps.bulletins.pdfBytes,
        xlsxBytes: sweeps.bulletins.xlsxBytes,
        maxPdfBytes: sweeps.bulletins.maxPdfBytes,
        renderMs: Math.round(sweeps.bulletins.renderMs),
        renderMsPerBulletin: sweeps.bulletins.made
          ? Math.round(sweeps.bulletins.renderMs / sweeps.bulletins.made)
          : null,
      },
      awsCalls,
      localRuntimeCalls: bookkeeping.calls,
      cycleSweeps: { itemsRead, nonFilers: expectedSweepReads(plan) + progressSweepReads(plan) },
      wallSeconds: seconds(wall),
      enterpriseMonthsPerSecond: Math.round((options.enterprises * options.months * 1000) / wall),
      // Items the run wrote to the store per second of its wall time, beside what the same store takes
      // through BatchWriteItem alone (issue 12: at least half of it).
      storeWrites: {
        items: itemsWritten,
        perSecond: Math.round(itemsWritten / (wall / 1000)),
        rawBatchWriteItemsPerSecond: raw?.itemsPerSecond ?? null,
        ratio: raw ? Math.round((itemsWritten / (wall / 1000) / raw.itemsPerSecond) * 100) / 100 : null,
      },
      peakRssMB: meter.peakRssMB(),
      // The in-memory store runs in a process of its own: its peak beside the simulator's.
      storePeakRssMB: Math.max(0, ...meter.phases.map((p) => p.store?.peakRssMB ?? 0)),
      phases: meter.phases,
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
        subjectActions: seconds(time.subjectActions ?? 0),
        upcomingSamples: seconds(time.upcomingSamples ?? 0),
        fires: Object.fromEntries(Object.entries(fireTime).map(([k, v]) => [k, seconds(v)])),
        clockOnlyAdvances: seconds(clockOnly),
        // The scheduler's own work around the fires: finding the next timer, the clock, the done marks.
        schedulerBookkeeping: seconds(
          advancing - clockOnly - Object.values(fireTime).reduce((sum, v) => sum + v, 0),
        ),
        sweepCheck: seconds(time.sweepCheck ?? 0),
        collect: seconds(time.collect ?? 0),
        verify: seconds(time.verify ?? 0),
      },
      schedulerFires: fires,
      advances,
    };
    return { result, plan, observed };
  } finally {
    for (const close of closers) close();
    meter.stop();
    await stack.stop();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  }
}

/**
 * What the sweeps of the progress obligation read: each reminder reads the records still owed, the close
 * and the county digests each read those missing at the deadline.
 */
function progressSweepReads(plan: Plan): number {
  const progress = config.obligations.find((o) => o.subject === "listed_major_hazard");
  if (!progress || !plan.subjects) return 0;
  let total = 0;
  for (const h of plan.subjects.hazards) {
    if (h.level !== "major") continue;
    const model = modelOf(h, config, plan.officials, plan.end);
    for (const r of progressRecords(h, model, plan, progress))
      total += r.reminders.length + (r.overdueAt ? 2 : 0);
  }
  return total;
}

export type SimulationResult = Awaited<ReturnType<typeof simulate>>["result"];
