/**
 * The bulletins (通报) of a simulation are drafted by each sweep and never issued (nobody plays the 安委办):
 * each draft must remind the 安委办 of its jurisdiction at every step of `bulletins.draftReminders` that fell
 * due in the simulated span, exactly once per official and channel, and nobody else.
 */

import { addDays, shanghaiAt, shanghaiDateOf } from "../../functions/domain/calendar";
import type { DubanConfig } from "../../functions/domain/config-schema";
import { parentJurisdiction } from "../../functions/domain/jurisdiction";
import type { Observed } from "./invariants";
import { monthLabel } from "./messages";
import type { Plan } from "./plan";

type Messages = { sms: Observed["sms"]; emails: Observed["emails"] };

/** The draft reminders, taken out of what was observed; the rest goes on to the other checks. */
export function splitBulletinMessages(config: DubanConfig, observed: Observed) {
  const templates = new Set(config.bulletins.draftReminders.map((r) => r.template));
  const smsIds = new Set([...templates].map((t) => config.templates[t]?.sms?.templateId));
  const subjects = [...templates]
    .map((t) => config.templates[t]?.email?.subject)
    .filter((s): s is string => !!s)
    .map((s) => new RegExp(`^${s.replace(/[.*+?^{}()|[\]\\]/g, "\\$&").replace(/\$\\\{\w+\\\}/g, ".+")}$`));
  const bulletin: Messages = { sms: [], emails: [] };
  const rest: Messages = { sms: [], emails: [] };
  for (const sms of observed.sms) (smsIds.has(sms.template) ? bulletin : rest).sms.push(sms);
  for (const email of observed.emails)
    (subjects.some((p) => p.test(email.subject)) ? bulletin : rest).emails.push(email);
  return { bulletin, observed: { ...observed, ...rest } };
}

export function checkBulletinReminders(plan: Plan, config: DubanConfig, messages: Messages) {
  const violated: string[] = [];
  let checked = 0;
  const [h, m] = config.sweep.at.split(":").map(Number);
  const counties = new Set(plan.enterprises.map((e) => e.enterprise.countyCode));
  const jurisdictions = new Set<string>();
  for (const county of counties) {
    for (let code: string | undefined = county; code; code = parentJurisdiction(code))
      jurisdictions.add(code);
  }
  const expected = new Map<string, number>();
  // The sweep of the month before the first simulated one drafts too (its figures are all zero): its
  // reminders may go to the same 安委办 and must not be doubled either.
  const offices = new Set<string>();
  for (const o of plan.officials) {
    if (o.role !== "anweiban" || !jurisdictions.has(o.jurisdictionCode)) continue;
    offices.add(o.mobile);
    if (o.email) offices.add(o.email);
  }
  const simulated = new Set(plan.periods.map((p) => monthLabel(p.period)));
  const other = new Map<string, number>();
  for (const p of plan.periods) {
    const sweptAt = new Date(p.close.getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
    if (sweptAt > plan.end) continue;
    for (const step of config.bulletins.draftReminders) {
      const due = shanghaiAt(addDays(shanghaiDateOf(sweptAt), step.afterDays), step.at);
      if (due > plan.end) continue;
      for (const o of plan.officials) {
        if (o.role !== "anweiban" || !jurisdictions.has(o.jurisdictionCode)) continue;
        const label = `${monthLabel(p.period)}|${step.afterDays}`;
        expected.set(`sms|${o.mobile}|${label}`, 0);
        if (o.email) expected.set(`email|${o.email}|${label}`, 0);
      }
    }
  }
  const seen = (to: string, period: string | undefined, key: string, what: string) => {
    checked++;
    const count = expected.get(key);
    if (count !== undefined) expected.set(key, count + 1);
    else if (offices.has(to) && period && !simulated.has(period)) other.set(key, (other.get(key) ?? 0) + 1);
    else violated.push(`unexpected bulletin reminder: ${what}`);
  };
  for (const sms of messages.sms) {
    const key = `sms|${sms.to}|${sms.params.period}|${sms.params.days}`;
    seen(sms.to, sms.params.period, key, `sms to ${sms.to} at ${sms.at}`);
  }
  for (const email of messages.emails) {
    const period = /(\d{4}年\d{1,2}月)/.exec(email.subject)?.[1];
    const days = /已(\d+)天尚未印发/.exec(email.text)?.[1];
    seen(email.to, period, `email|${email.to}|${period}|${days}`, `email to ${email.to}: ${email.subject}`);
  }
  let duplicates = 0;
  for (const [key, count] of other) {
    checked++;
    duplicates += Math.max(0, count - 1);
    if (count > 1) violated.push(`bulletin reminder ${key.replaceAll("|", " ")} delivered ${count} times`);
  }
  for (const [key, count] of expected) {
    checked++;
    duplicates += Math.max(0, count - 1);
    if (count !== 1) violated.push(`bulletin reminder ${key.replaceAll("|", " ")} delivered ${count} times`);
  }
  return { checked, violated, duplicates, reminders: messages.sms.length + messages.emails.length };
}
