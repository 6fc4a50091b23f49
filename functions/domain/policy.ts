/**
 * Local rules as layered data (issue 9): one policy per jurisdiction, layered national defaults → province
 * → city → county, each level storing only what differs. The effective policy of a jurisdiction is the
 * defaults with every override along its real chain of parents applied (jurisdictionChain: a district of a
 * 直辖市 sits under the municipality, 东莞 441900 directly under 广东省), nearest last; each value says where
 * it comes from. The schemas live here, next to the rules that use them; `config/policies/` holds the
 * shipped examples as values.
 */
import * as z from "zod";
import { addDays, daysInMonth, type HolidayCalendar, type LocalDate } from "./calendar";
import { type DubanConfig, type LadderAnchor, LadderStep } from "./config-schema";
import { type DueRule, filingDueDate } from "./deadlines";
import { RuleViolation } from "./errors";
import { SingleLine } from "./input-bounds";
import { jurisdictionChain, jurisdictionLevel, jurisdictionName } from "./jurisdiction";
import { message, said } from "./messages";
import { nextPeriod, type PeriodKind, periodFirstDay } from "./period";

const DayOfNextPeriod = z.number().int().min(1).max(31);
const WorkingDays = z.number().int().min(1).max(60);

/** A reminder that falls on a holiday or weekend: sent that day anyway, or on the working day before. */
export const ReminderShift = z.enum(["none", "previous_working_day"]);
export type ReminderShift = z.infer<typeof ReminderShift>;

/** The due rule and reminders of one periodic filing obligation. */
export const ObligationPolicy = z
  .object({
    /** The last day of the first month after the period on which the filing is on time. */
    dueDay: DayOfNextPeriod,
    /** A due day on a holiday or weekend moves to the next working day (needs that year's calendar). */
    shiftToWorkingDay: z.boolean(),
    /** Days of the first month after the period on which non-filers are reminded, at most the due day. */
    reminderDays: z.array(DayOfNextPeriod).min(1).max(6),
    reminderShift: ReminderShift,
    /** The document the rule comes from (保山市 2015 方案, a city's notice…). */
    source: SingleLine(200),
  })
  .strict();
export type ObligationPolicy = z.infer<typeof ObligationPolicy>;

/**
 * 挂牌督办 by working days, as 青岛 "3+X" counts them: filed with the city 安委办 within 3 working days,
 * published within 5, an extension asked at least 20 working days before the deadline and decided within
 * 10, the delisting published within 5. Absent where no such rule is in force.
 */
export const ListingPolicy = z
  .object({
    filedWithinWorkingDays: WorkingDays,
    publishedWithinWorkingDays: WorkingDays,
    extensionRequestAtLeastWorkingDaysBefore: WorkingDays,
    extensionDecidedWithinWorkingDays: WorkingDays,
    delistingPublishedWithinWorkingDays: WorkingDays,
    source: SingleLine(200),
  })
  .strict();
export type ListingPolicy = z.infer<typeof ListingPolicy>;

/** The acceptance inspection of a major hazard after the written application (第二十三条: 10 days). */
export const AcceptancePolicy = z
  .object({
    days: z.number().int().min(1).max(60),
    /** Calendar days, or working days (an acceptance deadline never ends inside a holiday then). */
    unit: z.enum(["calendar", "working"]),
    source: SingleLine(200),
  })
  .strict();
export type AcceptancePolicy = z.infer<typeof AcceptancePolicy>;

export const AccidentPolicy = z
  .object({
    investigationDays: z.number().int().min(1).max(365),
    maxExtensionDays: z.number().int().min(1).max(365),
    approvalDays: z.number().int().min(1).max(60),
    approvalDaysEspeciallyMajor: z.number().int().min(1).max(90),
    evaluationOpensAfterMonths: z.number().int().min(1).max(12),
    evaluationDueAfterMonths: z.number().int().min(1).max(24),
  })
  .strict();

export const EscalationPolicy = z
  .object({ atTop: z.enum(["province_leaders", "province_anweiban_and_leaders", "nobody"]) })
  .strict();

/** The reminder and escalation ladders a policy sets, by the subject and state they run for. */
export const LADDER_NAMES = [
  "generalHazard",
  "majorHazard",
  "acceptance",
  "accidentInvestigation",
  "accidentApproval",
  "accidentEvaluation",
  "extensionDecision",
  "delisting",
] as const;
export type LadderName = (typeof LADDER_NAMES)[number];

/**
 * The dates each ladder's subject has: a step counting from another anchor would never be planned, so it is
 * refused when the policy is written instead of silently dropping out.
 */
export const LADDER_ANCHORS: Record<LadderName, readonly LadderAnchor[]> = {
  generalHazard: ["rectifyBy"],
  majorHazard: ["deadline", "listedOn"],
  acceptance: ["acceptanceDue"],
  accidentInvestigation: ["investigationDue"],
  accidentApproval: ["approvalDue"],
  accidentEvaluation: ["evaluationOpens", "evaluationDue"],
  extensionDecision: ["extensionRequested"],
  delisting: ["delistedOn"],
};

const PolicyLadder = z.array(LadderStep).max(30);
export type PolicyLadder = z.infer<typeof PolicyLadder>;

/**
 * A ladder as a layer changes it, step by step id: `steps` replace the steps of the same id below or add new
 * ones, `omit` removes steps by id. A step is written whole and strict, so a misspelt key or anchor fails.
 */
const LadderOverride = z
  .object({
    steps: z.array(LadderStep.strict()).max(30).optional(),
    omit: z
      .array(z.string().regex(/^[a-z0-9-]+$/))
      .max(30)
      .optional(),
  })
  .strict();
export type LadderOverride = z.infer<typeof LadderOverride>;

/** The effective policy of a jurisdiction: every value present. */
export const Policy = z
  .object({
    obligations: z.record(z.string(), ObligationPolicy),
    acceptance: AcceptancePolicy,
    listing: ListingPolicy.optional(),
    escalation: EscalationPolicy,
    accidents: AccidentPolicy,
    ladders: z.object(
      Object.fromEntries(LADDER_NAMES.map((n) => [n, PolicyLadder])) as Record<
        LadderName,
        typeof PolicyLadder
      >,
    ),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

/** What one jurisdiction stores: only what differs from the levels above, every field optional. */
export const PolicyOverride = z
  .object({
    obligations: z.record(z.string().max(60), ObligationPolicy.partial().strict()).optional(),
    acceptance: AcceptancePolicy.partial().strict().optional(),
    listing: ListingPolicy.partial().strict().optional(),
    escalation: EscalationPolicy.partial().strict().optional(),
    accidents: AccidentPolicy.partial().strict().optional(),
    ladders: z
      .object(
        Object.fromEntries(LADDER_NAMES.map((n) => [n, LadderOverride.optional()])) as Record<
          LadderName,
          z.ZodOptional<typeof LadderOverride>
        >,
      )
      .strict()
      .optional(),
  })
  .strict();
export type PolicyOverride = z.infer<typeof PolicyOverride>;

/** A stored layer: one jurisdiction's override, versioned by its own writes (conditional on `version`). */
export type PolicyLayer = {
  jurisdiction: string;
  version: number;
  override: PolicyOverride;
  updatedAt: string;
  updatedBy: string;
  /** Every earlier write, newest last (who, when, what): the audit of a rule that moves deadlines. */
  history: { version: number; at: string; by: string; override: PolicyOverride }[];
};

/** The shipped defaults as a policy: the national rules and duban's defaults from `config/`. */
export function defaultPolicy(config: DubanConfig): Policy {
  return {
    obligations: Object.fromEntries(
      config.obligations.map((o) => [
        o.id,
        {
          dueDay: o.due.dayOfNextPeriod,
          shiftToWorkingDay: o.due.shiftToWorkingDay,
          reminderDays: o.reminders.map((r) => r.dayOfNextPeriod),
          reminderShift: "none",
          source: o.due.source,
        },
      ]),
    ),
    acceptance: {
      days: config.hazards.acceptanceDueDays,
      unit: "calendar",
      source: "《安全生产事故隐患排查治理暂行规定》第二十三条",
    },
    escalation: config.escalation,
    accidents: { ...config.accidents },
    ladders: Object.fromEntries(LADDER_NAMES.map((n) => [n, config.ladders[n] ?? []])) as Policy["ladders"],
  };
}

/** A ladder with a layer's changes: steps replaced or added by id, omitted ones removed; order kept. */
function mergeLadder(base: PolicyLadder, over: LadderOverride): PolicyLadder {
  const omitted = new Set(over.omit ?? []);
  const replaced = new Map((over.steps ?? []).map((s) => [s.id, s]));
  const kept = base.filter((s) => !omitted.has(s.id)).map((s) => replaced.get(s.id) ?? s);
  const added = (over.steps ?? []).filter((s) => !base.some((b) => b.id === s.id) && !omitted.has(s.id));
  return [...kept, ...added];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key; a list or a value replaces what is below it (a reminder list is one value). */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Json, v) : v;
  }
  return out;
}

/** The dotted paths of every value an override sets (lists are one value). */
function leafPaths(value: Json, prefix = ""): string[] {
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (path === "ladders") return ladderPaths(v as Json);
    return isObject(v) ? leafPaths(v, path) : v === undefined ? [] : [path];
  });
}

/** A ladder's values are its steps: `ladders.majorHazard.escalate-3` (of a policy, or of an override). */
function ladderPaths(ladders: Json): string[] {
  return Object.entries(ladders).flatMap(([name, v]) => {
    const steps = Array.isArray(v) ? v : [...((v as LadderOverride)?.steps ?? [])];
    const omitted = Array.isArray(v) ? [] : ((v as LadderOverride)?.omit ?? []);
    return [...steps.map((s) => (s as LadderStep).id), ...omitted].map((id) => `ladders.${name}.${id}`);
  });
}

export type PolicySource =
  | { level: "default" }
  | { level: "province" | "city" | "county"; code: string; name: string };

export type EffectivePolicy = {
  jurisdiction: string;
  policy: Policy;
  /** Where each value comes from: the shipped defaults or the jurisdiction whose layer set it. */
  sources: Record<string, PolicySource>;
  /** The layers in force, province first: `{code, version}` — what a subject records. */
  layers: { code: string; name: string; version: number }[];
  /** `default`, or the layers' versions (`440000@2/441900@1`): recorded by every subject opened under it. */
  version: string;
};

/** The effective policy of `code`: the defaults, then each layer from the province down to `code`. */
export function effectivePolicy(
  defaults: Policy,
  layers: ReadonlyMap<string, PolicyLayer>,
  code: string,
): EffectivePolicy {
  let merged: Json = defaults as unknown as Json;
  const sources: Record<string, PolicySource> = {};
  for (const path of leafPaths(defaults as unknown as Json)) sources[path] = { level: "default" };
  const inForce: EffectivePolicy["layers"] = [];
  for (const level of [...jurisdictionChain(code)].reverse()) {
    const layer = layers.get(level);
    if (!layer) continue;
    const { ladders, ...rest } = layer.override;
    merged = merge(merged, rest as Json);
    if (ladders) {
      const current = merged.ladders as Policy["ladders"];
      const next = { ...current };
      for (const name of LADDER_NAMES) {
        const over = ladders[name];
        if (over) next[name] = mergeLadder(current[name], over);
      }
      merged = { ...merged, ladders: next };
    }
    const source = { level: jurisdictionLevel(level), code: level, name: jurisdictionName(level) };
    for (const path of leafPaths(layer.override as Json)) {
      for (const key of Object.keys(sources)) if (key.startsWith(`${path}.`)) delete sources[key];
      sources[path] = source;
    }
    inForce.push({ code: level, name: jurisdictionName(level), version: layer.version });
  }
  return {
    jurisdiction: code,
    policy: merged as unknown as Policy,
    sources,
    layers: inForce,
    version: inForce.length === 0 ? "default" : inForce.map((l) => `${l.code}@${l.version}`).join("/"),
  };
}

/**
 * The layers as they were at `version` — what a subject recorded: `default`, or `440000@2/441900@1` — so
 * that its rules never change under it: each layer's write of that number (the one in force, or one kept in
 * its history or its own item; version 0 is the shipped override). A write found nowhere reads as the layer in
 * force.
 */
export function layersAt(
  current: ReadonlyMap<string, PolicyLayer>,
  shipped: Record<string, PolicyOverride>,
  version: string,
  /** Writes read from their own items (`code@n` → override), for versions older than a layer's history. */
  kept: ReadonlyMap<string, PolicyOverride> = new Map(),
): Map<string, PolicyLayer> {
  const at = new Map<string, PolicyLayer>();
  if (version === "default") return at;
  for (const part of version.split("/")) {
    const [code, n] = part.split("@");
    if (!code || n === undefined) continue;
    const number = Number(n);
    const layer = current.get(code);
    const override =
      layer?.version === number
        ? layer.override
        : (layer?.history.find((h) => h.version === number)?.override ??
          kept.get(part) ??
          (number === 0 ? shipped[code] : undefined) ??
          layer?.override);
    if (!override) continue;
    at.set(code, {
      jurisdiction: code,
      version: number,
      override,
      updatedAt: "",
      updatedBy: "",
      history: [],
    });
  }
  return at;
}

/**
 * Validates an override for `code` (a PUT body): its shape and bounds, obligations that exist, and the
 * policy it makes for `code` together with the layers above (a reminder after the due day, a day the first
 * month after a period lacks). Every problem is named by its path, in Chinese.
 */
export function parsePolicyOverride(
  defaults: Policy,
  layers: ReadonlyMap<string, PolicyLayer>,
  code: string,
  raw: unknown,
  periodKinds: Record<string, PeriodKind>,
  templates?: ReadonlySet<string>,
): PolicyOverride {
  const parsed = PolicyOverride.safeParse(raw);
  if (!parsed.success) {
    // A bad value of a rule is a 422 naming its path (issue 9); only a body that is not JSON is a 400.
    throw new RuleViolation(
      said("policy.invalid", { jurisdiction: jurisdictionName(code) }),
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  const override = parsed.data;
  const problems: { path: string; message: string }[] = [];
  for (const id of Object.keys(override.obligations ?? {})) {
    if (!defaults.obligations[id]) {
      problems.push({ path: `obligations.${id}`, message: message("policy.unknown_obligation", { id }) });
    }
  }
  if (problems.length === 0) {
    const others = new Map(layers);
    others.set(code, { jurisdiction: code, version: 0, override, updatedAt: "", updatedBy: "", history: [] });
    const { policy } = effectivePolicy(defaults, others, code);
    for (const [id, rule] of Object.entries(policy.obligations)) {
      const shortest = { month: 28, quarter: 30, year: 31 }[periodKinds[id] ?? "month"];
      rule.reminderDays.forEach((day, i) => {
        const path = `obligations.${id}.reminderDays.${i}`;
        if (day > rule.dueDay)
          problems.push({
            path,
            message: message("policy.reminder_after_due", { day, dueDay: rule.dueDay }),
          });
        else if (day > shortest)
          problems.push({ path, message: message("policy.day_not_in_every_month", { day }) });
      });
    }
    for (const [name, over] of Object.entries(override.ladders ?? {}) as [LadderName, LadderOverride][]) {
      const ids = new Set<string>();
      (over.steps ?? []).forEach((step, i) => {
        const path = `ladders.${name}.steps.${i}`;
        if (ids.has(step.id))
          problems.push({ path: `${path}.id`, message: message("policy.step_twice", { id: step.id }) });
        ids.add(step.id);
        if (!LADDER_ANCHORS[name].includes(step.anchor))
          problems.push({
            path: `${path}.anchor`,
            message: message("policy.anchor_not_of_ladder", {
              anchor: step.anchor,
              anchors: LADDER_ANCHORS[name].join("、"),
            }),
          });
        if (templates && !templates.has(step.template))
          problems.push({
            path: `${path}.template`,
            message: message("policy.unknown_template", { template: step.template }),
          });
      });
    }
    const a = policy.accidents;
    if (a.evaluationOpensAfterMonths > a.evaluationDueAfterMonths) {
      problems.push({
        path: "accidents.evaluationOpensAfterMonths",
        message: message("policy.window_inverted"),
      });
    }
  }
  if (problems.length > 0) {
    throw new RuleViolation(said("policy.invalid", { jurisdiction: jurisdictionName(code) }), problems);
  }
  return override;
}

/** The due rule of an obligation under a policy, for the deadline rules (deadlines.ts). */
export function dueRuleOf(rule: ObligationPolicy): DueRule {
  return { dayOfNextPeriod: rule.dueDay, shiftToWorkingDay: rule.shiftToWorkingDay };
}

/** What a filing record keeps of the policy it was opened under (ports.ts FilingRecord.due). */
export type FilingDue = { date: LocalDate; remindOn: LocalDate[]; policyVersion: string };

/** The due date and reminder dates of `period` for a filer in `county`, under the layers in force. */
export function filingDueUnder(
  defaults: Policy,
  layers: ReadonlyMap<string, PolicyLayer>,
  county: string,
  obligation: { id: string; periodKind: PeriodKind },
  period: string,
  calendar?: HolidayCalendar,
): FilingDue | undefined {
  const effective = effectivePolicy(defaults, layers, county);
  const rule = effective.policy.obligations[obligation.id];
  if (!rule) return undefined;
  return {
    date: policyDueDate(obligation.periodKind, period, rule, calendar),
    remindOn: reminderDates(obligation.periodKind, period, rule, calendar).map((r) => r.date),
    policyVersion: effective.version,
  };
}

/** The last date a filing for `period` is on time under `rule` (a shifted rule needs the calendar). */
export function policyDueDate(
  kind: PeriodKind,
  period: string,
  rule: ObligationPolicy,
  calendar?: HolidayCalendar,
): LocalDate {
  return filingDueDate(kind, period, dueRuleOf(rule), calendar);
}

/**
 * The dates non-filers of `period` are reminded under `rule`: each reminder day of the first month after the
 * period (clamped to its length), and with `previous_working_day` a day off moves to the working day before,
 * so "the 3rd" never lands on 元旦 or a Sunday unseen. A year without holiday data is refused (the calendar
 * throws CalendarYearMissing), never guessed.
 */
export function reminderDates(
  kind: PeriodKind,
  period: string,
  rule: ObligationPolicy,
  calendar?: HolidayCalendar,
): { day: number; date: LocalDate }[] {
  const firstDay = periodFirstDay(kind, nextPeriod(kind, period));
  const length = daysInMonth(Number(firstDay.slice(0, 4)), Number(firstDay.slice(5, 7)));
  // A reminder on the due day goes out on the due day itself, moved with it to a working day if it moves.
  const due = rule.shiftToWorkingDay ? policyDueDate(kind, period, rule, calendar) : undefined;
  return rule.reminderDays.map((day) => {
    if (due && day >= rule.dueDay) return { day, date: due };
    const date = addDays(firstDay, Math.min(day, length) - 1);
    if (rule.reminderShift === "none") return { day, date };
    if (!calendar) throw new Error("a reminder shift needs a HolidayCalendar");
    return { day, date: calendar.isWorkingDay(date) ? date : calendar.addWorkingDays(date, -1) };
  });
}

/** The acceptance inspection is due `days` calendar or working days after the application's date. */
export function acceptanceDueDate(
  rule: AcceptancePolicy,
  appliedOn: LocalDate,
  calendar: HolidayCalendar,
): LocalDate {
  return rule.unit === "calendar"
    ? addDays(appliedOn, rule.days)
    : calendar.addWorkingDays(appliedOn, rule.days);
}

/**
 * 青岛 "3+X": an extension is asked at least N working days before the deadline. The last date a request is
 * accepted, and the refusal of a later one naming the rule; undefined where no listing rule is in force.
 */
export function latestExtensionRequest(
  listing: ListingPolicy | undefined,
  deadline: LocalDate,
  calendar: HolidayCalendar,
): LocalDate | undefined {
  if (!listing) return undefined;
  return calendar.addWorkingDays(deadline, -listing.extensionRequestAtLeastWorkingDaysBefore);
}

export function assertExtensionInTime(
  listing: ListingPolicy | undefined,
  deadline: LocalDate,
  requestedOn: LocalDate,
  calendar: HolidayCalendar,
): void {
  const latest = latestExtensionRequest(listing, deadline, calendar);
  if (!listing || !latest || requestedOn <= latest) return;
  throw new RuleViolation(
    said("policy.extension_too_late", {
      days: listing.extensionRequestAtLeastWorkingDaysBefore,
      latest,
      deadline,
      source: listing.source,
    }),
    [{ path: "requestedAt", message: message("policy.extension_too_late_field", { latest }) }],
  );
}

/** The extension decision is due N working days after the request (青岛: 10). */
export function extensionDecisionDue(
  listing: ListingPolicy | undefined,
  requestedOn: LocalDate,
  calendar: HolidayCalendar,
): LocalDate | undefined {
  return listing
    ? calendar.addWorkingDays(requestedOn, listing.extensionDecidedWithinWorkingDays)
    : undefined;
}
