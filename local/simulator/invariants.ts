import type { Enterprise } from "../../functions/domain/catalogue";
import type { Channel, DubanConfig, RecipientRole } from "../../functions/domain/config-schema";
import type { FilingRecord } from "../../functions/domain/ports";
import type { Fired } from "../scheduler";
import { checkBulletinReminders, splitBulletinMessages } from "./bulletin-invariants";
import { fill, inQuietHours, monthLabel, releaseOf, TRACKED_LIST, templatePattern } from "./messages";
import {
  type EnterprisePeriod,
  type EnterprisePlan,
  expectedStreak,
  filedBefore,
  finalStatus,
  latestBefore,
  type Plan,
} from "./plan";
import { checkSubjects, type ObservedSubjects, type SubjectReport } from "./subject-invariants";

/** What the simulation observed, read back from the sinks and the store after the last fire. */
export type Observed = {
  /** The SMS sink (`stack.sms.list()`): `at` is the virtual time of delivery. */
  sms: { to: string; template: string; params: Record<string, string>; text: string; at: string }[];
  /** aws-ses-v2-local's store, reduced to what the checks read. */
  emails: { to: string; subject: string; text: string }[];
  /** The final record of every enterprise-period of the plan (absent ones are missing from the list). */
  filings: FilingRecord[];
  /** The answer to every filing request. */
  receipts: {
    creditCode: string;
    period: string;
    at: string;
    httpStatus: number;
    status?: string;
    error?: string;
  }[];
  /** Outbox entries still waiting (deferred or queued for retry) at the end. */
  waitingOutbox: number;
  /** Every schedule and timer fire, in order. */
  fired: Fired[];
  /** Hazards and accident cases as read back, when the run had them. */
  subjects?: ObservedSubjects;
};

export type InvariantReport = {
  checked: number;
  violated: string[];
  duplicates: number;
  notifications: { sms: number; email: number; digests: number; duplicates: number };
  subjects?: SubjectReport;
};

const CONTACT: Record<RecipientRole, (e: Enterprise) => { mobile: string; email?: string }> = {
  legal_rep: (e) => e.legalRep,
  safety_manager: (e) => e.safetyManager,
  info_officer: (e) => e.infoOfficer,
};

function periodOf(e: EnterprisePlan, i: number): EnterprisePeriod {
  const ep = e.periods[i];
  if (!ep) throw new Error(`the plan of ${e.enterprise.creditCode} has no period #${i}`);
  return ep;
}

type Digest = { missing: EnterprisePlan[]; zero: EnterprisePlan[]; tracked: EnterprisePlan[] };

/**
 * The invariants of the filing cycle over what the simulation observed and what the plan says happened.
 * Each comparison counts as one check; a violation is a short string naming who and what.
 */
export function checkInvariants(plan: Plan, config: DubanConfig, everything: Observed): InvariantReport {
  const { obligation } = plan;
  // The bulletins' draft reminders are checked on their own (bulletin-invariants.ts).
  const { bulletin, observed } = splitBulletinMessages(config, everything);
  const violated: string[] = [];
  let checked = 0;
  const check = (ok: boolean, message: () => string) => {
    checked++;
    if (!ok) violated.push(message());
  };
  const templates = config.templates;
  const quiet = config.notify.smsQuietHours;
  const labels = new Map(plan.periods.map((p) => [monthLabel(p.period), p.period]));

  // --- Index every delivered message by channel, recipient, template and period -------------------------
  type Delivered = { sms?: Observed["sms"][number]; email?: Observed["emails"][number] };
  const delivered = new Map<string, Delivered[]>();
  const keyOf = (channel: Channel, recipient: string, template: string, period: string) =>
    `${channel}|${recipient}|${template}|${period}`;
  const unknown: string[] = [];
  const add = (key: string, d: Delivered) => {
    const list = delivered.get(key) ?? [];
    list.push(d);
    delivered.set(key, list);
  };

  // Messages of the monthly self-inspection cycle are checked here; the rest (hazards, accident cases, the
  // progress of listed hazards) by checkSubjects.
  const reminderTemplates = obligation.reminders.map((r) => r.template);
  // 回执 (filing receipts) belong to the cycle: one per filed version.
  const receiptTemplates = obligation.receipt ? [obligation.receipt.template] : [];
  const cycleTemplates = new Set([...reminderTemplates, obligation.digest.template, ...receiptTemplates]);
  const others: { sms: Observed["sms"]; emails: Observed["emails"] } = { sms: [], emails: [] };
  const templateBySmsId = new Map<string, string>();
  for (const [name, t] of Object.entries(templates)) if (t.sms) templateBySmsId.set(t.sms.templateId, name);
  for (const sms of observed.sms) {
    const template = templateBySmsId.get(sms.template);
    const period = labels.get(sms.params.period ?? "");
    if (template && !cycleTemplates.has(template)) others.sms.push(sms);
    else if (!template || !period) unknown.push(`sms to ${sms.to} template ${sms.template} at ${sms.at}`);
    else add(keyOf("sms", sms.to, template, period), { sms });
  }

  const exactSubjects = new Map<string, { template: string; period: string }>();
  const subjectPatterns: { pattern: RegExp; template: string; period: string }[] = [];
  for (const p of plan.periods) {
    for (const template of cycleTemplates) {
      const subject = templates[template]?.email?.subject;
      if (!subject) continue;
      const pattern = templatePattern(subject, { period: monthLabel(p.period) });
      if (/\(\?</.test(pattern.source)) subjectPatterns.push({ pattern, template, period: p.period });
      else exactSubjects.set(fill(subject, { period: monthLabel(p.period) }), { template, period: p.period });
    }
  }
  for (const email of observed.emails) {
    const found =
      exactSubjects.get(email.subject) ?? subjectPatterns.find((s) => s.pattern.test(email.subject));
    if (!found) others.emails.push(email);
    else add(keyOf("email", email.to, found.template, found.period), { email });
  }
  const accounted = new Set<string>();
  // How many messages a key may carry: one, but a receipt per filed version of the period.
  const allowed = new Map<string, number>();
  const take = (key: string) => {
    accounted.add(key);
    return delivered.get(key) ?? [];
  };

  // --- Reminders: every non-filer at a reminder instant exactly once per day, role and channel; no filer --
  for (const [i, p] of plan.periods.entries()) {
    for (const r of p.reminders) {
      for (const e of plan.enterprises) {
        const filed = filedBefore(periodOf(e, i), r.at);
        for (const role of obligation.remindRoles) {
          for (const channel of obligation.remindChannels) {
            const contact = CONTACT[role](e.enterprise);
            const recipient = channel === "sms" ? contact.mobile : contact.email;
            if (!recipient) continue;
            const got = take(keyOf(channel, recipient, r.template, p.period)).length;
            const who = `${e.enterprise.creditCode} ${role} ${channel}, ${p.period} day ${r.day}`;
            if (filed)
              check(got === 0, () => `reminder sent to an enterprise that had filed: ${who} (×${got})`);
            else check(got === 1, () => `non-filer got ${got} reminders, expected 1: ${who}`);
          }
        }
      }
    }
  }

  // --- 回执: every filed version acknowledged once to each role and channel the obligation names ---------
  const receipt = obligation.receipt;
  if (receipt) {
    for (const [i, p] of plan.periods.entries()) {
      for (const e of plan.enterprises) {
        const versions = periodOf(e, i).events.length;
        for (const role of receipt.roles) {
          for (const channel of receipt.channels) {
            const contact = CONTACT[role](e.enterprise);
            const recipient = channel === "sms" ? contact.mobile : contact.email;
            if (!recipient) continue;
            const key = keyOf(channel, recipient, receipt.template, p.period);
            allowed.set(key, versions);
            const got = take(key);
            const who = `${e.enterprise.creditCode} ${role} ${channel}, ${p.period}`;
            check(got.length === versions, () => `${got.length} receipts, expected ${versions}: ${who}`);
            for (const d of got) {
              if (!d.sms) continue;
              const { enterprise, version } = d.sms.params;
              check(
                enterprise === e.enterprise.name && Number(version) >= 1 && Number(version) <= versions,
                () => `receipt names ${enterprise} version ${version}, expected ${e.enterprise.name}: ${who}`,
              );
            }
            const seen = got.map((d) => d.sms?.params.version).filter((v) => v !== undefined);
            check(
              new Set(seen).size === seen.length,
              () => `a version acknowledged twice (${seen.join(", ")}): ${who}`,
            );
          }
        }
      }
    }
  }

  // --- Digests: one per official with something to report, per cycle and channel; none to the others ----
  const byCounty = new Map<string, EnterprisePlan[]>();
  for (const e of plan.enterprises) {
    const list = byCounty.get(e.enterprise.countyCode) ?? [];
    list.push(e);
    byCounty.set(e.enterprise.countyCode, list);
  }
  const trackAfter = obligation.digest.trackAfterMissed;
  const digestTemplate = templates[obligation.digest.template];
  let digests = 0;
  for (const [i, p] of plan.periods.entries()) {
    const label = monthLabel(p.period);
    for (const official of plan.officials) {
      const county = byCounty.get(official.jurisdictionCode) ?? [];
      const owned =
        official.role === "anweiban"
          ? county
          : official.role === "inspector"
            ? county.filter((e) => e.enterprise.supervisingDepartment === official.department)
            : [];
      const expected: Digest = { missing: [], zero: [], tracked: [] };
      for (const e of owned) {
        const streak = expectedStreak(plan, e, i);
        if (streak > 0) expected.missing.push(e);
        if (streak >= trackAfter) expected.tracked.push(e);
        if (streak === 0 && latestBefore(periodOf(e, i), p.close)?.selfInspections === 0)
          expected.zero.push(e);
      }
      const something = expected.missing.length + expected.zero.length > 0;
      const who = `${official.role} ${official.name} (${official.jurisdictionCode} ${official.department}), ${p.period}`;
      for (const channel of obligation.digest.channels) {
        const recipient = channel === "sms" ? official.mobile : official.email;
        // An official without e-mail is reached by SMS only.
        if (recipient === undefined) continue;
        const got = take(keyOf(channel, recipient, obligation.digest.template, p.period));
        digests += got.length;
        check(
          got.length === (something ? 1 : 0),
          () => `${got.length} ${channel} digests, expected ${something ? 1 : 0}: ${who}`,
        );
        const one = got[0];
        if (!one) continue;
        const counts = {
          missing: String(expected.missing.length),
          zeroInspections: String(expected.zero.length),
          tracked: String(expected.tracked.length),
        };
        if (one.sms) {
          for (const [name, value] of Object.entries(counts)) {
            check(
              one.sms.params[name] === value,
              () => `sms digest says ${name}=${one.sms?.params[name]}, expected ${value}: ${who}`,
            );
          }
        }
        if (one.email && digestTemplate?.email) {
          const m = templatePattern(digestTemplate.email.subject, { period: label }).exec(one.email.subject);
          check(
            m?.groups?.missing === counts.missing,
            () =>
              `email digest subject says ${m?.groups?.missing} missing, expected ${counts.missing}: ${who}`,
          );
          if (official.role === "anweiban") {
            checkTracked(one.email.text, expected.tracked, counts.tracked, who);
          }
        }
      }
    }
  }

  function checkTracked(text: string, tracked: EnterprisePlan[], count: string, who: string) {
    const body = digestTemplate?.email?.body ?? "";
    const at = body.indexOf(TRACKED_LIST);
    const before = body.slice(0, at);
    // The heading of the tracked section: the template's last paragraph before the list.
    const marker = fill(before.slice(Math.max(0, before.lastIndexOf("\n\n"))), {
      trackAfter: String(trackAfter),
      tracked: count,
    });
    const start = text.indexOf(marker);
    check(start >= 0, () => `anweiban digest has no tracked section listing ${count}: ${who}`);
    if (start < 0) return;
    const section = text.slice(start + marker.length);
    const lines = section.split("\n").filter((line) => /^\d+\. /.test(line));
    check(
      lines.length === tracked.length,
      () => `anweiban digest tracks ${lines.length}, expected ${tracked.length}: ${who}`,
    );
    for (const e of tracked) {
      check(
        lines.some((line) => line.includes(e.enterprise.creditCode)),
        () => `${e.enterprise.creditCode} missed ${trackAfter}+ periods in a row but is not tracked: ${who}`,
      );
    }
  }

  // --- Every delivered message is one the plan expects; duplicates are counted --------------------------
  let duplicates = 0;
  for (const [key, list] of delivered) {
    duplicates += Math.max(0, list.length - Math.max(1, allowed.get(key) ?? 1));
    if (!accounted.has(key)) {
      for (const _ of list) check(false, () => `unexpected message ${key.replaceAll("|", " ")}`);
    }
  }
  for (const u of unknown) check(false, () => `unrecognised message: ${u}`);

  // --- Hazards, accident cases, progress of listed hazards ----------------------------------------------
  let subjects: SubjectReport | undefined;
  if (plan.subjects && observed.subjects) {
    subjects = checkSubjects(plan, plan.subjects, config, { ...others, subjects: observed.subjects });
    checked += subjects.checked;
    violated.push(...subjects.violated);
    duplicates += subjects.duplicates;
    digests += subjects.digests;
  } else {
    for (const m of others.sms)
      check(false, () => `unrecognised message: sms to ${m.to} template ${m.template} at ${m.at}`);
    for (const m of others.emails)
      check(false, () => `unrecognised message: email to ${m.to} subject ${m.subject}`);
  }
  const reminders = checkBulletinReminders(plan, config, bulletin);
  checked += reminders.checked;
  violated.push(...reminders.violated);
  duplicates += reminders.duplicates;
  if (duplicates > 0) violated.push(`${duplicates} duplicate message(s) delivered`);

  // --- Quiet hours: no SMS delivered 22:00–08:00 Shanghai ----------------------------------------------
  for (const sms of everything.sms) {
    check(!inQuietHours(sms.at, quiet), () => `sms delivered in quiet hours at ${sms.at} to ${sms.to}`);
  }

  // --- Close: every filing missing at the deadline marked overdue with its run, none filed in time -------
  const records = new Map(observed.filings.map((r) => [`${r.creditCode}#${r.period}`, r]));
  for (const [i, p] of plan.periods.entries()) {
    const closeIso = p.close.toISOString();
    for (const e of plan.enterprises) {
      const ep = periodOf(e, i);
      const cc = e.enterprise.creditCode;
      const record = records.get(`${cc}#${p.period}`);
      check(!!record, () => `no filing record for ${cc} ${p.period}`);
      if (!record) continue;
      const streak = expectedStreak(plan, e, i);
      if (streak === 0) {
        check(
          !record.overdueAt,
          () => `${cc} ${p.period} filed in time but marked overdue at ${record.overdueAt}`,
        );
      } else {
        check(
          record.overdueAt === closeIso,
          () => `${cc} ${p.period} missing at close but overdueAt=${record.overdueAt ?? "unset"}`,
        );
        check(
          record.missedStreak === streak,
          () => `${cc} ${p.period} missedStreak=${record.missedStreak}, expected ${streak}`,
        );
      }
      const status = finalStatus(ep, p.close);
      check(record.status === status, () => `${cc} ${p.period} status ${record.status}, expected ${status}`);
      const versions = ep.events.length;
      check(
        record.versions.length === versions,
        () => `${cc} ${p.period} has ${record.versions.length} versions, expected ${versions}`,
      );
    }
  }

  // --- Every filing accepted, with the status its first version decides ---------------------------------
  const periodIndex = new Map(plan.periods.map((p, i) => [p.period, i]));
  const planOf = new Map(plan.enterprises.map((e) => [e.enterprise.creditCode, e]));
  for (const r of observed.receipts) {
    const i = periodIndex.get(r.period);
    const e = planOf.get(r.creditCode);
    const close = i === undefined ? undefined : plan.periods[i]?.close;
    const status = e && i !== undefined && close ? finalStatus(periodOf(e, i), close) : "?";
    check(
      r.httpStatus === 200 && r.status === status,
      () => `filing ${r.creditCode} ${r.period} at ${r.at}: HTTP ${r.httpStatus} ${r.status ?? r.error}`,
    );
  }

  // --- The schedules fired when the rules say, and the deferred digest SMS were dispatched -------------
  const fires = new Set(
    observed.fired.map((f) => `${f.workflow}|${f.phase}|${new Date(f.at).toISOString()}`),
  );
  for (const p of plan.periods) {
    for (const r of p.reminders) {
      const at = r.at.toISOString();
      check(
        fires.has(`${obligation.workflow}|remind|${at}`),
        () => `no reminder fire at ${at} (${p.period})`,
      );
    }
    const closeIso = p.close.toISOString();
    check(fires.has(`${obligation.workflow}|close|${closeIso}`), () => `no close fire at ${closeIso}`);
    const release = releaseOf(p.close, quiet);
    if (release > p.close && obligation.digest.channels.includes("sms")) {
      const at = release.toISOString();
      check(fires.has(`notification-dispatch|flush|${at}`), () => `no dispatch of deferred SMS at ${at}`);
    }
  }
  check(
    observed.waitingOutbox === 0,
    () => `${observed.waitingOutbox} outbox message(s) still waiting at the end`,
  );

  return {
    checked,
    violated,
    duplicates,
    notifications: { sms: everything.sms.length, email: everything.emails.length, digests, duplicates },
    ...(subjects ? { subjects } : {}),
  };
}
