import type { Enterprise, Official } from "../../functions/domain/catalogue";
import type { Audience, DubanConfig, FilingObligation } from "../../functions/domain/config-schema";
import { parentJurisdiction } from "../../functions/domain/jurisdiction";
import type { FilingRecord } from "../../functions/domain/ports";
import { NO_RECIPIENT_EVENT } from "../../functions/domain/supervision";
import { fill, monthLabel, releaseOf, TRACKED_LIST, templatePattern } from "./messages";
import type { Plan } from "./plan";
import type { Sample, SubjectReceipt, SubjectView } from "./subject-actor";
import {
  type AccidentPlan,
  type HazardPlan,
  modelOf,
  type Notice,
  type ProgressRecord,
  progressRecords,
  type SubjectModel,
  type SubjectPlan,
  statusAt,
} from "./subjects";

type Sms = { to: string; template: string; params: Record<string, string>; text: string; at: string };
type Email = { to: string; subject: string; text: string };

/** What the simulation read back about hazards and accident cases. */
export type ObservedSubjects = {
  /** Plan key → the id duban gave it. */
  ids: Record<string, string>;
  /** The final GET of every subject. */
  finals: Record<string, SubjectView | undefined>;
  samples: Sample[];
  receipts: SubjectReceipt[];
  /** Every progress record of every listed hazard for every month of the span. */
  progress: FilingRecord[];
};

export type SubjectReport = {
  checked: number;
  violated: string[];
  duplicates: number;
  sms: number;
  emails: number;
  digests: number;
  hazards: {
    general: number;
    major: number;
    rectified: number;
    delisted: number;
    extended: number;
    overdue: number;
    escalations: Record<string, number>;
  };
  accidents: {
    created: number;
    closed: number;
    evaluated: number;
    overdueInvestigations: number;
    overdueEvaluations: number;
    /** Steps of the evaluation ladder (10–12 months after closing) that fell within the span, fired. */
    evaluationSteps: Record<string, number>;
  };
};

/** Timeline entries that plan a subject's ladder again (hazard-service and accident-service). */
const REPLANS = new Set([
  "registered",
  "rectified",
  "listed",
  "extension approved",
  "acceptance requested",
  "accepted and delisted",
  "acceptance failed",
  "reported",
  "investigation extended",
  "report submitted",
  "closed",
  "evaluated",
]);
const TERMINAL: Record<string, string> = {
  rectified: "rectification",
  delisted: "delisting",
  evaluated: "evaluation",
};
const LADDER_STEP = "ladder step ";
const PARAMS = ["days", "deadline", "dueDate"] as const;

/**
 * The invariants of hazards, accident cases and the progress of listed hazards, over what the stack sent
 * (SMS sink, SES store), what GET shows of each subject (status, planVersion, firedSteps, timeline, and
 * `upcoming` sampled along the way), and the progress records. The expectation is the model of the
 * plan's actions (subjects.ts). Each comparison is one check; a violation is a short string.
 */
export function checkSubjects(
  plan: Plan,
  subjects: SubjectPlan,
  config: DubanConfig,
  observed: { sms: Sms[]; emails: Email[]; subjects: ObservedSubjects },
): SubjectReport {
  const violated: string[] = [];
  let checked = 0;
  const check = (ok: boolean, message: () => string) => {
    checked++;
    if (!ok) violated.push(message());
  };
  const { templates } = config;
  const obs = observed.subjects;
  const progress = config.obligations.find((o) => o.subject === "listed_major_hazard");
  const all: (HazardPlan | AccidentPlan)[] = [...subjects.hazards, ...subjects.accidents];
  const created = all.filter((s) => obs.ids[s.key]);
  const models = new Map(created.map((s) => [s.key, modelOf(s, config, plan.officials, plan.end)]));
  const planOf = new Map(all.map((s) => [s.key, s]));
  const idOf = (key: string) => obs.ids[key] ?? key;
  const name = (s: HazardPlan | AccidentPlan) => `${s.kind} ${idOf(s.key)}`;

  // --- Every planned request was answered with success ----------------------------------------------------
  for (const r of obs.receipts) {
    check(r.httpStatus >= 200 && r.httpStatus < 300, () =>
      `${r.subject} ${r.action} at ${r.at}: HTTP ${r.httpStatus} ${r.error ?? ""}`.trim(),
    );
  }

  // --- Who is who: enterprise contacts and officials by mobile and email -------------------------------
  type Who = { enterprise?: Enterprise; role: string; official?: Official };
  const people = new Map<string, Who>();
  for (const { enterprise: e } of plan.enterprises) {
    people.set(e.legalRep.mobile, { enterprise: e, role: "legal_rep" });
    for (const [role, c] of [
      ["safety_manager", e.safetyManager],
      ["info_officer", e.infoOfficer],
    ] as const) {
      people.set(c.mobile, { enterprise: e, role });
      if (c.email) people.set(c.email, { enterprise: e, role });
    }
  }
  for (const o of plan.officials) {
    people.set(o.mobile, { official: o, role: o.role });
    if (o.email) people.set(o.email, { official: o, role: o.role });
  }

  // --- Templates: which belong to subjects, which to the progress obligation ----------------------------
  const ladderTemplates = new Map<string, { audience: Audience[]; days: number }[]>();
  for (const ladder of Object.values(config.ladders)) {
    for (const s of ladder) {
      const list = ladderTemplates.get(s.template) ?? [];
      list.push({ audience: s.audience, days: Math.abs(s.offset.days) });
      ladderTemplates.set(s.template, list);
    }
  }
  const hazardLadders = [config.ladders.generalHazard, config.ladders.majorHazard, config.ladders.acceptance];
  const hazardTemplates = new Set([
    ...hazardLadders.flat().map((s) => s.template),
    "major-hazard-listed",
    "acceptance-requested",
    "major-hazard-delisted",
  ]);
  const accidentTemplates = new Set([
    ...config.ladders.accidentInvestigation.map((s) => s.template),
    ...config.ladders.accidentApproval.map((s) => s.template),
    ...config.ladders.accidentEvaluation.map((s) => s.template),
    "accident-evaluation-filed",
  ]);
  /** Events the services send with a fixed audience (not a ladder step). */
  const EVENT_AUDIENCE: Record<string, Audience[]> = {
    "major-hazard-listed": ["legal_rep", "safety_manager", "listing_anweiban"],
    "acceptance-requested": ["listing_inspectors"],
    "major-hazard-delisted": ["legal_rep", "safety_manager", "listing_anweiban"],
    "accident-evaluation-filed": ["parent_anweiban"],
  };
  const templateBySmsId = new Map<string, string>();
  for (const [t, def] of Object.entries(templates)) if (def.sms) templateBySmsId.set(def.sms.templateId, t);
  const subjectPatterns = [...hazardTemplates, ...accidentTemplates].flatMap((t) => {
    const email = templates[t]?.email;
    return email
      ? [{ template: t, subject: templatePattern(email.subject, {}), body: templatePattern(email.body, {}) }]
      : [];
  });
  const used = (template: string, channel: "sms" | "email") => {
    const def = templates[template];
    if (channel === "sms") return PARAMS.filter((p) => def?.sms?.params.includes(p));
    return PARAMS.filter(
      (p) => def?.email?.body.includes(`\${${p}}`) || def?.email?.subject.includes(`\${${p}}`),
    );
  };

  // --- Index the subject messages by what identifies them ---------------------------------------------
  const byTitle = new Map(subjects.hazards.map((h) => [h.title, h.key]));
  const byLabel = new Map<string, string[]>();
  for (const a of subjects.accidents) byLabel.set(a.label, [...(byLabel.get(a.label) ?? []), a.key]);
  const keyByRuntimeId = new Map(Object.entries(obs.ids).map(([k, id]) => [id, k]));

  type Delivered = {
    subject: string;
    template: string;
    channel: "sms" | "email";
    to: string;
    at?: string;
    params: Record<string, string>;
  };
  const delivered: Delivered[] = [];
  const rest = { sms: [] as Sms[], emails: [] as Email[] };
  let subjectSms = 0;
  let subjectEmails = 0;
  for (const sms of observed.sms) {
    const template = templateBySmsId.get(sms.template) ?? "";
    let subject: string | undefined;
    if (hazardTemplates.has(template)) subject = byTitle.get(sms.params.hazard ?? "");
    else if (accidentTemplates.has(template)) {
      // A notice names its case with the case number ("隆阳区1月4日较大事故（AC-…）"): that number decides.
      const caseId = /（(AC-[^）]+)）$/.exec(sms.params.accident ?? "")?.[1];
      const byId = caseId ? keyByRuntimeId.get(caseId) : undefined;
      const candidates = byId ? [byId] : (byLabel.get(sms.params.accident ?? "") ?? []);
      subject =
        candidates.find((k) =>
          models
            .get(k)
            ?.notices.some((n) => n.channel === "sms" && n.to === sms.to && n.at.toISOString() === sms.at),
        ) ?? candidates[0];
    } else {
      rest.sms.push(sms);
      continue;
    }
    subjectSms++;
    if (!subject) {
      check(false, () => `unrecognised ${template} sms to ${sms.to} at ${sms.at}`);
      continue;
    }
    delivered.push({ subject, template, channel: "sms", to: sms.to, at: sms.at, params: sms.params });
  }
  for (const email of observed.emails) {
    const found = subjectPatterns.find((p) => p.subject.test(email.subject));
    if (!found) {
      rest.emails.push(email);
      continue;
    }
    subjectEmails++;
    const params = {
      ...(found.subject.exec(email.subject)?.groups ?? {}),
      ...(found.body.exec(email.text)?.groups ?? {}),
    };
    const subject = keyByRuntimeId.get(params.hazardId ?? params.accidentId ?? "");
    if (!subject) {
      check(false, () => `unrecognised ${found.template} email to ${email.to}: ${email.subject}`);
      continue;
    }
    delivered.push({ subject, template: found.template, channel: "email", to: email.to, params });
  }

  const matchKey = (
    subject: string,
    channel: "sms" | "email",
    to: string,
    template: string,
    values: Partial<Record<(typeof PARAMS)[number], string>>,
    at?: string,
  ) =>
    [
      subject,
      channel,
      to,
      template,
      // A date of another year than the message's carries its year ("2027年1月20日"); the model keeps month
      // and day, so both are compared without it.
      ...used(template, channel).map((p) => (values[p] ?? "").replace(/^\d{4}年/, "")),
      channel === "sms" ? at : "",
    ].join("|");

  // --- 1, 3: every notice the rules call for, exactly once per recipient and channel; none other ----------
  const expected = new Map<string, Notice[]>();
  for (const model of models.values()) {
    for (const n of model.notices) {
      const key = matchKey(
        n.subject,
        n.channel,
        n.to,
        n.template,
        n,
        releaseOf(n.at, config.notify.smsQuietHours).toISOString(),
      );
      expected.set(key, [...(expected.get(key) ?? []), n]);
    }
  }
  const got = new Map<string, Delivered[]>();
  for (const d of delivered) {
    const key = matchKey(d.subject, d.channel, d.to, d.template, d.params, d.at);
    got.set(key, [...(got.get(key) ?? []), d]);
  }
  let duplicates = 0;
  for (const [key, notices] of expected) {
    const n = notices[0] as Notice;
    const count = got.get(key)?.length ?? 0;
    if (count > notices.length) duplicates += count - notices.length;
    const s = planOf.get(n.subject) as HazardPlan | AccidentPlan;
    check(
      count === notices.length,
      () =>
        `${name(s)} v${n.version} ${n.step} reached ${n.who} by ${n.channel} ${count}×, expected ${notices.length}` +
        (n.channel === "sms" ? ` (due ${n.at.toISOString()})` : ""),
    );
  }
  for (const [key, list] of got) {
    if (expected.has(key)) continue;
    for (const d of list) check(false, () => unexpected(d));
  }

  function unexpected(d: Delivered): string {
    const s = planOf.get(d.subject) as HazardPlan | AccidentPlan;
    const model = models.get(d.subject);
    const what = `${name(s)} ${d.template} ${d.channel} to ${d.to}${d.at ? ` at ${d.at}` : ""}`;
    if (!model || !d.at) return `unexpected ${what}`;
    const t = new Date(d.at);
    const status = statusAt(model.statuses, t) ?? "";
    const ended = model.statuses.find((x) => x.status === status && TERMINAL[x.status]);
    if (ended && ended.at <= t) return `${what} after its ${TERMINAL[status]} at ${ended.at.toISOString()}`;
    const stale = model.epochs.find(
      (e) =>
        e.to &&
        e.to <= t &&
        e.ladder &&
        config.ladders[e.ladder].some((st) => st.template === d.template) &&
        used(d.template, "sms").every(
          (p) =>
            p === "days" ||
            (d.params[p] ?? "").replace(/^\d{4}年/, "") === e.labels[p as "deadline" | "dueDate"],
        ),
    );
    if (stale) {
      return `${what} of plan version v${stale.version} after v${stale.version + 1} exists since ${stale.to?.toISOString()}`;
    }
    return `unexpected ${what}`;
  }

  // --- 2: no notice outside the subject's jurisdiction chain ---------------------------------------------
  for (const d of delivered) {
    const s = planOf.get(d.subject) as HazardPlan | AccidentPlan;
    const model = models.get(d.subject);
    const who = people.get(d.to);
    const county = s.kind === "hazard" ? s.enterprise.countyCode : s.jurisdiction;
    const jurisdictions = new Set([
      county,
      ...(model?.epochs.flatMap((e) => (e.listing ? [e.listing.jurisdiction] : [])) ?? []),
    ]);
    const audiences = [
      ...(EVENT_AUDIENCE[d.template] ?? []),
      ...(ladderTemplates.get(d.template) ?? [])
        .filter((x) => d.params.days === undefined || String(x.days) === d.params.days)
        .flatMap((x) => x.audience),
    ];
    const upAllowed = audiences.some((a) => a === "parent_anweiban" || a === "parent_leaders");
    const ups = new Set([...jurisdictions].map((j) => parentJurisdiction(j) ?? j));
    let ok: boolean;
    let label: string;
    if (who?.enterprise) {
      ok = who.enterprise.creditCode === s.enterprise?.creditCode;
      label = `${who.role} of ${who.enterprise.creditCode}`;
    } else if (who?.official) {
      const j = who.official.jurisdictionCode;
      ok = jurisdictions.has(j) || (upAllowed && ups.has(j));
      label = `${who.official.role} of ${j}`;
    } else {
      ok = false;
      label = "nobody in the catalogue";
    }
    check(
      ok,
      () => `${name(s)} ${d.template} ${d.channel} to ${d.to} (${label}) outside its jurisdiction chain`,
    );
  }

  // --- The subject as GET shows it: version, status, overdue, fired steps -------------------------------
  const figures: Pick<SubjectReport, "hazards" | "accidents"> = {
    hazards: { general: 0, major: 0, rectified: 0, delisted: 0, extended: 0, overdue: 0, escalations: {} },
    accidents: {
      created: 0,
      closed: 0,
      evaluated: 0,
      overdueInvestigations: 0,
      overdueEvaluations: 0,
      evaluationSteps: {},
    },
  };
  const overdueSteps = new Set(
    Object.values(config.ladders).flatMap((l) => l.filter((s) => s.marksOverdue).map((s) => s.id)),
  );
  const escalationSteps = new Set([
    ...config.ladders.majorHazard.filter((s) => s.offset.days > 0).map((s) => s.id),
    ...config.ladders.acceptance.filter((s) => s.marksOverdue).map((s) => s.id),
  ]);
  const evaluationSteps = new Set(config.ladders.accidentEvaluation.map((s) => s.id));
  for (const s of all) {
    const id = obs.ids[s.key];
    check(!!id, () => `${s.kind} ${s.key} was never created`);
    const model = models.get(s.key);
    const view = obs.finals[s.key];
    if (!id || !model) continue;
    check(!!view, () => `${name(s)} could not be read back`);
    if (!view) continue;
    check(
      view.planVersion === model.finalVersion,
      () => `${name(s)} planVersion ${view.planVersion}, expected ${model.finalVersion}`,
    );
    check(
      view.status === model.finalStatus,
      () => `${name(s)} status ${view.status}, expected ${model.finalStatus}`,
    );
    check(
      view.overdue === model.overdue,
      () => `${name(s)} overdue=${view.overdue}, expected ${model.overdue}`,
    );
    const unreached = view.timeline.filter((t) => t.what.startsWith(NO_RECIPIENT_EVENT));
    check(
      unreached.length === 0,
      () =>
        `${name(s)} has ladder steps that reached nobody: ${unreached.map((t) => `${t.at} ${t.what}`).join("; ")}`,
    );
    const steps = view.timeline
      .filter((t) => t.what.startsWith(LADDER_STEP))
      .map((t) => ({ step: t.what.slice(LADDER_STEP.length), at: new Date(t.at).toISOString() }));
    const seen = new Map<string, number>();
    for (const f of steps) seen.set(`${f.step}@${f.at}`, (seen.get(`${f.step}@${f.at}`) ?? 0) + 1);
    for (const f of model.fired) {
      const k = `${f.step}@${f.at.toISOString()}`;
      const n = seen.get(k) ?? 0;
      seen.delete(k);
      check(
        n === 1,
        () => `${name(s)} v${f.version} step ${f.step} due ${f.at.toISOString()} fired ${n}×, expected once`,
      );
    }
    for (const [k, n] of seen) {
      const [step, at] = k.split("@") as [string, string];
      const t = new Date(at);
      const status = statusAt(model.statuses, t) ?? "";
      const ended = model.statuses.find((x) => x.status === status && TERMINAL[x.status]);
      check(
        false,
        () =>
          `${name(s)} step ${step} fired at ${at} (${n}×)` +
          (ended
            ? ` after its ${TERMINAL[status]} at ${ended.at.toISOString()}`
            : " though no plan in force had it due then"),
      );
    }
    const current = new Set(model.fired.filter((f) => f.version === model.finalVersion).map((f) => f.step));
    check(
      view.firedSteps.length === current.size && view.firedSteps.every((x) => current.has(x)),
      () => `${name(s)} firedSteps [${view.firedSteps.join(", ")}], expected [${[...current].join(", ")}]`,
    );

    // figures, from what duban shows
    const firedIds = steps.map((f) => f.step);
    if (s.kind === "hazard") {
      figures.hazards[s.level]++;
      if (view.status === "rectified") figures.hazards.rectified++;
      if (view.status === "delisted") figures.hazards.delisted++;
      if (view.extensionRequests?.some((r) => r.decision?.approved)) figures.hazards.extended++;
      if (firedIds.some((x) => overdueSteps.has(x))) figures.hazards.overdue++;
      for (const x of firedIds) {
        if (s.level === "major" && escalationSteps.has(x))
          figures.hazards.escalations[x] = (figures.hazards.escalations[x] ?? 0) + 1;
      }
    } else {
      figures.accidents.created++;
      if (view.status === "closed" || view.status === "evaluated") figures.accidents.closed++;
      if (view.status === "evaluated") figures.accidents.evaluated++;
      if (firedIds.includes("investigation-overdue")) figures.accidents.overdueInvestigations++;
      if (firedIds.includes("evaluation-overdue")) figures.accidents.overdueEvaluations++;
      for (const x of firedIds) {
        if (evaluationSteps.has(x))
          figures.accidents.evaluationSteps[x] = (figures.accidents.evaluationSteps[x] ?? 0) + 1;
      }
    }

    // --- 4: `upcoming` at each sample matches what fired until the plan changed -------------------------
    const changes = view.timeline
      .filter((t) => REPLANS.has(t.what))
      .map((t) => new Date(t.at).getTime())
      .sort((a, b) => a - b);
    for (const sample of obs.samples.filter((x) => x.subject === s.key)) {
      check(sample.httpStatus === 200, () => `${name(s)} sample at ${sample.at}: HTTP ${sample.httpStatus}`);
      if (sample.httpStatus !== 200) continue;
      const t = new Date(sample.at).getTime();
      const versionThen = [...model.epochs].reverse().find((e) => e.from.getTime() <= t)?.version ?? 0;
      check(
        sample.planVersion === versionThen,
        () => `${name(s)} at ${sample.at} showed planVersion ${sample.planVersion}, expected ${versionThen}`,
      );
      const until = Math.min(changes.find((c) => c > t) ?? Number.POSITIVE_INFINITY, plan.end.getTime());
      const promised = (sample.upcoming ?? []).filter((u) => new Date(u.dueAt).getTime() <= until);
      const firedThen = steps.filter(
        (f) => new Date(f.at).getTime() > t && new Date(f.at).getTime() <= until,
      );
      for (const u of promised) {
        const at = new Date(u.dueAt).toISOString();
        check(
          firedThen.some((f) => f.step === u.step && f.at === at),
          () => `${name(s)} upcoming at ${sample.at} listed ${u.step} due ${at}, which did not fire then`,
        );
      }
      for (const f of firedThen) {
        check(
          promised.some((u) => u.step === f.step && new Date(u.dueAt).toISOString() === f.at),
          () => `${name(s)} fired ${f.step} at ${f.at}, not in its upcoming at ${sample.at}`,
        );
      }
    }
  }

  // --- 3: every accident whose evaluation went overdue reached the case jurisdiction's leaders -----------
  for (const a of subjects.accidents) {
    const model = models.get(a.key);
    for (const f of model?.fired.filter((x) => x.step === "evaluation-overdue") ?? []) {
      const leaders = plan.officials.filter(
        (o) => o.jurisdictionCode === a.jurisdiction && o.role === "leader",
      );
      for (const o of leaders) {
        const n = delivered.filter(
          (d) =>
            d.subject === a.key && d.channel === "sms" && d.to === o.mobile && d.at === f.at.toISOString(),
        ).length;
        check(
          n === 1,
          () =>
            `accident ${idOf(a.key)} evaluation overdue reached leader ${o.name} (${a.jurisdiction}) ${n}×`,
        );
      }
    }
  }

  // --- 5: progress of listed hazards: reminded, overdue at close, two misses in the anweiban's digest ------
  let digests = 0;
  if (progress) digests = checkProgress(progress);

  function checkProgress(obligation: FilingObligation): number {
    const records: { h: HazardPlan; r: ProgressRecord; id: string }[] = [];
    for (const h of subjects.hazards) {
      const model = models.get(h.key) as SubjectModel | undefined;
      const id = obs.ids[h.key];
      if (!model || !id || h.level !== "major") continue;
      for (const r of progressRecords(h, model, plan, obligation)) records.push({ h, r, id });
    }
    const stored = new Map(obs.progress.map((r) => [`${r.hazardId}#${r.period}`, r]));
    const wanted = new Set(records.map(({ r, id }) => `${id}#${r.period}`));
    for (const [k, r] of stored) {
      check(
        wanted.has(k),
        () => `progress record ${r.hazardId} ${r.period} exists, but the hazard did not owe it`,
      );
    }
    const closes = new Map<string, Date>();
    for (const { h, r, id } of records) {
      const who = `progress of ${id} (${h.enterprise.creditCode}) ${r.period}`;
      const record = stored.get(`${id}#${r.period}`);
      check(!!record, () => `no record of the ${who}`);
      if (!record) continue;
      check(record.status === r.status, () => `${who} status ${record.status}, expected ${r.status}`);
      if (r.overdueAt) {
        closes.set(r.period, r.overdueAt);
        check(
          record.overdueAt === r.overdueAt.toISOString(),
          () =>
            `${who} skipped but overdueAt=${record.overdueAt ?? "unset"}, expected ${r.overdueAt?.toISOString()}`,
        );
        check(
          record.missedStreak === r.streak,
          () => `${who} missedStreak=${record.missedStreak}, expected ${r.streak}`,
        );
      } else {
        check(!record.overdueAt, () => `${who} not owed at close but marked overdue at ${record.overdueAt}`);
      }
    }

    // Reminders: the SMS does not name the hazard, so they are counted per enterprise contact and instant.
    const remindTemplates = new Set(obligation.reminders.map((x) => x.template));
    const labels = new Map<string, string>();
    const firstPeriod = plan.periods[0]?.period ?? "";
    for (let p = firstPeriod, i = 0; i < plan.periods.length + 2; i++) {
      labels.set(monthLabel(p), p);
      const m = Number(p.slice(5, 7));
      p = m === 12 ? `${Number(p.slice(0, 4)) + 1}-01` : `${p.slice(0, 4)}-${String(m + 1).padStart(2, "0")}`;
    }
    const expectedSms = new Map<string, number>();
    const expectedEmail = new Map<string, number>();
    for (const { h, r } of records) {
      for (const rem of r.reminders) {
        for (const role of obligation.remindRoles) {
          const c =
            role === "legal_rep"
              ? h.enterprise.legalRep
              : role === "safety_manager"
                ? h.enterprise.safetyManager
                : h.enterprise.infoOfficer;
          for (const channel of obligation.remindChannels) {
            const to = channel === "sms" ? c.mobile : "email" in c ? c.email : undefined;
            if (!to) continue;
            if (channel === "sms") {
              const k = `${to}|${rem.template}|${r.period}|${rem.at.toISOString()}`;
              expectedSms.set(k, (expectedSms.get(k) ?? 0) + 1);
            } else {
              const k = `${to}|${rem.template}|${r.period}|${h.title}`;
              expectedEmail.set(k, (expectedEmail.get(k) ?? 0) + 1);
            }
          }
        }
      }
    }
    const gotSms = new Map<string, number>();
    const gotEmail = new Map<string, number>();
    const digestSms: Sms[] = [];
    const digestEmails: Email[] = [];
    const remindSubjects = [...remindTemplates].map((t) => ({ t, email: templates[t]?.email }));
    const digestTemplate = templates[obligation.digest.template];
    for (const sms of rest.sms) {
      const template = templateBySmsId.get(sms.template) ?? "";
      const period = labels.get(sms.params.period ?? "");
      if (template === obligation.digest.template && period) {
        digestSms.push(sms);
        continue;
      }
      if (!remindTemplates.has(template) || !period) {
        check(false, () => `unrecognised message: sms to ${sms.to} template ${sms.template} at ${sms.at}`);
        continue;
      }
      const k = `${sms.to}|${template}|${period}|${sms.at}`;
      gotSms.set(k, (gotSms.get(k) ?? 0) + 1);
    }
    for (const email of rest.emails) {
      const digest =
        digestTemplate?.email && templatePattern(digestTemplate.email.subject, {}).exec(email.subject);
      if (digest && labels.has(digest.groups?.period ?? "")) {
        digestEmails.push(email);
        continue;
      }
      let matched = false;
      for (const { t, email: def } of remindSubjects) {
        if (!def) continue;
        const s = templatePattern(def.subject, {}).exec(email.subject);
        const period = labels.get(s?.groups?.period ?? "");
        if (!s || !period) continue;
        const b = templatePattern(def.body, {}).exec(email.text);
        const k = `${email.to}|${t}|${period}|${b?.groups?.hazard ?? ""}`;
        gotEmail.set(k, (gotEmail.get(k) ?? 0) + 1);
        matched = true;
        break;
      }
      if (!matched) check(false, () => `unrecognised message: email to ${email.to} subject ${email.subject}`);
    }
    for (const [want, got, channel] of [
      [expectedSms, gotSms, "sms"],
      [expectedEmail, gotEmail, "email"],
    ] as const) {
      for (const [k, n] of want) {
        const m = got.get(k) ?? 0;
        if (m > n) duplicates += m - n;
        check(m === n, () => `progress reminder ${channel} ${k.replaceAll("|", " ")}: ${m}×, expected ${n}`);
      }
      for (const [k, m] of got) {
        if (!want.has(k))
          check(
            false,
            () =>
              `progress reminder ${channel} ${k.replaceAll("|", " ")} (${m}×) to a hazard that did not owe it`,
          );
      }
    }

    // Digests: one per official of the county with something to report; the anweiban's tracks two in a row.
    let sent = 0;
    const trackAfter = obligation.digest.trackAfterMissed;
    const counties = new Set(plan.enterprises.map((e) => e.enterprise.countyCode));
    const accounted = new Set<Sms | Email>();
    const body = digestTemplate?.email?.body ?? "";
    const before = body.slice(0, body.indexOf(TRACKED_LIST));
    const heading = before.slice(Math.max(0, before.lastIndexOf("\n\n")));
    for (const [period, close] of closes) {
      const label = monthLabel(period);
      const subjectPattern = templatePattern(digestTemplate?.email?.subject ?? "", { period: label });
      for (const o of plan.officials) {
        if (!counties.has(o.jurisdictionCode) || (o.role !== "anweiban" && o.role !== "inspector")) continue;
        const owned = records.filter(
          ({ r }) =>
            r.period === period &&
            r.overdueAt?.getTime() === close.getTime() &&
            r.countyCode === o.jurisdictionCode &&
            (o.role === "anweiban" || r.department === o.department),
        );
        const tracked = owned.filter(({ r }) => (r.streak ?? 1) >= trackAfter);
        const who = `${o.role} ${o.name} (${o.jurisdictionCode} ${o.department}), progress ${period}`;
        const sms = digestSms.filter((m) => m.to === o.mobile && m.params.period === label);
        const emails = digestEmails.filter((m) => m.to === o.email && subjectPattern.test(m.subject));
        for (const m of [...sms, ...emails]) accounted.add(m);
        sent += sms.length + emails.length;
        const want = owned.length > 0 ? 1 : 0;
        if (sms.length > want) duplicates += sms.length - want;
        if (emails.length > want) duplicates += emails.length - want;
        check(sms.length === want, () => `${sms.length} sms progress digests, expected ${want}: ${who}`);
        check(
          emails.length === want,
          () => `${emails.length} email progress digests, expected ${want}: ${who}`,
        );
        const one = sms[0];
        if (one) {
          check(
            one.params.missing === String(owned.length),
            () => `progress digest says missing=${one.params.missing}, expected ${owned.length}: ${who}`,
          );
          check(
            one.params.tracked === String(tracked.length),
            () => `progress digest says tracked=${one.params.tracked}, expected ${tracked.length}: ${who}`,
          );
        }
        const mail = emails[0];
        if (mail && o.role === "anweiban") {
          const marker = fill(heading, { trackAfter: String(trackAfter), tracked: String(tracked.length) });
          const at = mail.text.indexOf(marker);
          check(
            at >= 0,
            () => `the anweiban's progress digest has no section tracking ${tracked.length}: ${who}`,
          );
          const lines = mail.text
            .slice(at + marker.length)
            .split("\n")
            .filter((line) => /^\d+\. /.test(line));
          check(
            lines.length === tracked.length,
            () => `the anweiban's progress digest tracks ${lines.length}, expected ${tracked.length}: ${who}`,
          );
          for (const { h, id } of tracked) {
            check(
              lines.some((line) => line.includes(`（${id}）`)),
              () =>
                `${id} (${h.enterprise.creditCode}) missed ${trackAfter} months of progress in a row but is not tracked in the anweiban's digest: ${who}`,
            );
          }
        }
      }
    }
    for (const m of [...digestSms, ...digestEmails]) {
      if (accounted.has(m)) continue;
      check(
        false,
        () => `unexpected progress digest to ${m.to}: ${"subject" in m ? m.subject : m.params.period}`,
      );
    }
    return sent;
  }

  return {
    ...figures,
    checked,
    violated,
    duplicates,
    sms: subjectSms,
    emails: subjectEmails,
    digests,
  };
}
