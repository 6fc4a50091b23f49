import * as z from "zod";
import type { Accident } from "./accident";
import { accidentLadder, accidentParams } from "./accident-service";
import type { HolidayCalendar } from "./calendar";
import { shanghaiDateOf } from "./calendar";
import type { DubanConfig, LadderStep } from "./config-schema";
import { Conflict } from "./errors";
import type { Hazard, TimelineEvent } from "./hazard";
import { ladderInForce, paramsOf } from "./hazard-service";
import type { EnqueueSummary, Log, Notifier } from "./notifier";
import type { Policy } from "./policy";
import type { PolicyStore } from "./policy-service";
import type { AccidentStore, CatalogueStore, Clock, HazardStore } from "./ports";
import {
  type AudienceContext,
  NO_RECIPIENT_EVENT,
  NO_RECIPIENT_MESSAGE,
  noRecipientText,
  resolveAudiences,
  stepMessages,
  stepOf,
  subjectPolicy,
} from "./supervision";

export const LadderStepInput = z.object({
  kind: z.enum(["hazard", "accident"]),
  id: z.string().min(1),
  version: z.number().int().min(1),
  ladder: z.string().min(1),
  step: z.string().min(1),
  request: z.number().int().min(1).optional(),
});

export type LadderRunnerDeps = {
  config: DubanConfig;
  clock: Clock;
  calendar: HolidayCalendar;
  catalogue: CatalogueStore;
  hazards: HazardStore;
  accidents: AccidentStore;
  notifier: Notifier;
  log: Log;
  /** Local rules: each subject's ladders come from the policy version it recorded (absent: the defaults). */
  policies?: PolicyStore;
};

export type StepOutcome =
  | { outcome: "stale"; reason: string }
  | { outcome: "fired"; step: string; recipients: number; sent: EnqueueSummary };

const SYSTEM = { sub: "duban", role: "system", jurisdiction: "000000" };

/**
 * What a subject's timeline says of a fired step: the step and whom it reached, and, when it reached nobody,
 * an entry of its own saying so (a step is never silently fired to no one). `request` names the extension
 * request an undecided-extension step belongs to.
 */
function firedStepEvents(
  step: LadderStep,
  recipients: number,
  unreached: LadderStep["audience"],
  now: Date,
  request?: number,
): TimelineEvent[] {
  const at = now.toISOString();
  const events: TimelineEvent[] = [
    {
      at,
      actor: SYSTEM,
      what: `ladder step ${step.id}`,
      details: {
        ...(request === undefined ? {} : { request }),
        template: step.template,
        audience: step.audience,
        recipients,
        ...(unreached.length > 0 ? { unreached, message: noRecipientText(unreached) } : {}),
      },
    },
  ];
  if (recipients === 0) {
    events.push({
      at,
      actor: SYSTEM,
      what: `${NO_RECIPIENT_EVENT}${step.audience.join(", ")}`,
      details: { step: step.id, audience: step.audience, message: noRecipientText(step.audience) },
    });
  }
  return events;
}

type Subject = (Hazard | Accident) & { planVersion: number; firedSteps: string[]; rev: number };

/**
 * Fires one ladder step of a hazard or an accident case. A timer of an older plan (the deadline moved, the
 * hazard was delisted, the case closed) finds another version and does nothing. Messages are claimed under
 * keys naming subject, version and step, so a timer delivered twice sends once; the step is recorded after.
 */
export function createLadderRunner(deps: LadderRunnerDeps) {
  function subjectOf(kind: "hazard" | "accident") {
    if (kind === "hazard") {
      return {
        get: (id: string) => deps.hazards.get(id) as Promise<Subject | undefined>,
        put: (s: Subject, rev: number) => deps.hazards.put(s as Hazard, rev),
        rules: (s: Subject) => subjectPolicy(deps, (s as Hazard).countyCode, s.policyVersion),
        ladder: (p: Policy, s: Subject) => ladderInForce(p, s as Hazard),
        params: (s: Subject) => paramsOf(s as Hazard, shanghaiDateOf(deps.clock.now())),
        context: async (s: Subject): Promise<AudienceContext> => {
          const h = s as Hazard;
          const enterprise = await deps.catalogue.getEnterprise(h.creditCode);
          return {
            ...(enterprise ? { enterprise } : {}),
            countyCode: h.countyCode,
            foundByOfficial: h.source !== "self_inspection",
            ...(h.listing ? { jurisdiction: h.listing.jurisdiction, department: h.listing.department } : {}),
          };
        },
        where: (s: Subject) => ({ scope: (s as Hazard).countyCode, about: (s as Hazard).creditCode }),
      };
    }
    return {
      get: (id: string) => deps.accidents.get(id) as Promise<Subject | undefined>,
      put: (s: Subject, rev: number) => deps.accidents.put(s as Accident, rev),
      rules: (s: Subject) => subjectPolicy(deps, (s as Accident).jurisdiction, s.policyVersion),
      ladder: (p: Policy, s: Subject) => accidentLadder(p, s as Accident),
      params: (s: Subject) => accidentParams(s as Accident, shanghaiDateOf(deps.clock.now())),
      context: async (s: Subject): Promise<AudienceContext> => {
        const a = s as Accident;
        const enterprise = a.enterpriseCreditCode
          ? await deps.catalogue.getEnterprise(a.enterpriseCreditCode)
          : undefined;
        return {
          ...(enterprise ? { enterprise } : {}),
          countyCode: a.jurisdiction,
          jurisdiction: a.jurisdiction,
        };
      },
      where: (s: Subject) => {
        const a = s as Accident;
        return {
          scope: a.jurisdiction,
          ...(a.enterpriseCreditCode ? { about: a.enterpriseCreditCode } : {}),
        };
      },
    };
  }

  /** Days before or after the anchor, as the message says them ("还有7天", "已逾期3天"). */
  const daysOf = (step: LadderStep) => String(Math.abs(step.offset.days));

  /** One alarm for operators when a step reaches nobody (never silent). */
  function alarmIfNobody(kind: string, id: string, step: LadderStep, recipients: number) {
    if (recipients > 0) return;
    deps.log.warn(NO_RECIPIENT_MESSAGE, { kind, id, step: step.id, audience: step.audience });
  }

  /**
   * A step of an extension request's own ladder: it reminds and escalates only while that request is
   * undecided and the hazard still listed; once decided, its timers find it so and do nothing.
   */
  async function runExtensionStep(
    h: Hazard,
    rules: Policy,
    input: z.infer<typeof LadderStepInput>,
  ): Promise<StepOutcome> {
    const request = h.extensionRequests.find((r) => r.n === input.request);
    if (!request) return { outcome: "stale", reason: `no extension request ${input.request}` };
    if (request.decision) return { outcome: "stale", reason: `extension request ${request.n} is decided` };
    if (h.status !== "listed") return { outcome: "stale", reason: `hazard is ${h.status}` };
    const step = stepOf(rules.ladders.extensionDecision, input.step);
    if (!step) return { outcome: "stale", reason: `step extensionDecision/${input.step} is not in force` };
    const hazards = subjectOf("hazard");
    const { recipients, unreached } = await resolveAudiences(
      deps.catalogue,
      step.audience,
      await hazards.context(h),
      rules.escalation,
    );
    alarmIfNobody("hazard", h.id, step, recipients.length);
    const sent = await deps.notifier.enqueue(
      stepMessages(
        "hazard",
        h.id,
        `x${request.n}:${step.id}`,
        step.template,
        recipients,
        { ...hazards.params(h), days: daysOf(step) },
        hazards.where(h),
      ),
    );
    for (let attempt = 0; ; attempt++) {
      const current = (await deps.hazards.get(h.id)) as Hazard | undefined;
      const waiting = current?.extensionRequests.find((r) => r.n === request.n);
      if (!current || !waiting || waiting.decision || waiting.firedSteps?.includes(step.id)) break;
      const now = deps.clock.now();
      const next = structuredClone(current);
      const r = next.extensionRequests.find((x) => x.n === request.n) as typeof waiting;
      r.firedSteps = [...(r.firedSteps ?? []), step.id];
      next.timeline.push(...firedStepEvents(step, recipients.length, unreached, now, request.n));
      try {
        await deps.hazards.put({ ...next, rev: current.rev + 1 }, current.rev);
        break;
      } catch (error) {
        if (!(error instanceof Conflict) || attempt >= 3) throw error;
      }
    }
    return { outcome: "fired", step: step.id, recipients: recipients.length, sent };
  }

  return {
    async run(raw: unknown): Promise<StepOutcome> {
      const input = LadderStepInput.parse(raw);
      const subjects = subjectOf(input.kind);
      const subject = await subjects.get(input.id);
      if (!subject) return { outcome: "stale", reason: `${input.kind} ${input.id} does not exist` };
      const rules = await subjects.rules(subject);
      if (input.ladder === "extensionDecision") return runExtensionStep(subject as Hazard, rules, input);
      if (subject.planVersion !== input.version) {
        return {
          outcome: "stale",
          reason: `plan version ${subject.planVersion}, timer of version ${input.version}`,
        };
      }
      const { name, ladder } = subjects.ladder(rules, subject);
      const step = ladder && name === input.ladder ? stepOf(ladder, input.step) : undefined;
      if (!step) return { outcome: "stale", reason: `step ${input.ladder}/${input.step} is not in force` };

      const { recipients, unreached } = await resolveAudiences(
        deps.catalogue,
        step.audience,
        await subjects.context(subject),
        rules.escalation,
      );
      alarmIfNobody(input.kind, input.id, step, recipients.length);
      const messages = stepMessages(
        input.kind,
        input.id,
        `v${input.version}:${step.id}`,
        step.template,
        recipients,
        { ...subjects.params(subject), days: daysOf(step) },
        subjects.where(subject),
      );
      const sent = await deps.notifier.enqueue(messages);

      for (let attempt = 0; ; attempt++) {
        const current = await subjects.get(input.id);
        if (!current || current.planVersion !== input.version || current.firedSteps.includes(step.id)) break;
        const now = deps.clock.now();
        const next = structuredClone(current);
        next.firedSteps.push(step.id);
        if (step.marksOverdue && !next.overdue) {
          next.overdue = true;
          next.overdueSince = now.toISOString();
        }
        next.timeline.push(...firedStepEvents(step, recipients.length, unreached, now));
        try {
          await subjects.put({ ...next, rev: current.rev + 1 }, current.rev);
          break;
        } catch (error) {
          if (!(error instanceof Conflict) || attempt >= 3) throw error;
        }
      }
      return { outcome: "fired", step: step.id, recipients: recipients.length, sent };
    },
  };
}
