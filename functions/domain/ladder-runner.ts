import * as z from "zod";
import type { DubanConfig, LadderStep } from "../../config/schema";
import type { Accident } from "./accident";
import { accidentLadder, accidentParams } from "./accident-service";
import type { HolidayCalendar } from "./calendar";
import { shanghaiDateOf } from "./calendar";
import { Conflict } from "./errors";
import type { Hazard } from "./hazard";
import { ladderInForce, paramsOf } from "./hazard-service";
import type { Log, Notifier, SendSummary } from "./notifier";
import type { AccidentStore, CatalogueStore, Clock, HazardStore } from "./ports";
import {
  type AudienceContext,
  NO_RECIPIENT_EVENT,
  NO_RECIPIENT_MESSAGE,
  noRecipientText,
  resolveAudiences,
  stepMessages,
  stepOf,
} from "./supervision";

export const LadderStepInput = z.object({
  kind: z.enum(["hazard", "accident"]),
  id: z.string().min(1),
  version: z.number().int().min(1),
  ladder: z.string().min(1),
  step: z.string().min(1),
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
};

export type StepOutcome =
  | { outcome: "stale"; reason: string }
  | { outcome: "fired"; step: string; recipients: number; sent: SendSummary };

const SYSTEM = { sub: "duban", role: "system", jurisdiction: "000000" };

type Subject = (Hazard | Accident) & { planVersion: number; firedSteps: string[]; rev: number };

/**
 * Fires one ladder step of a hazard or an accident case. A timer of an older plan (the deadline moved, the
 * hazard was delisted, the case closed) finds another version and does nothing. Messages are claimed under
 * keys naming subject, version and step, so a timer delivered twice sends once; the step is recorded after.
 */
export function createLadderRunner(deps: LadderRunnerDeps) {
  const { config } = deps;

  function subjectOf(kind: "hazard" | "accident") {
    if (kind === "hazard") {
      return {
        get: (id: string) => deps.hazards.get(id) as Promise<Subject | undefined>,
        put: (s: Subject, rev: number) => deps.hazards.put(s as Hazard, rev),
        ladder: (s: Subject) => ladderInForce(config, s as Hazard),
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
      ladder: (s: Subject) => accidentLadder(config, s as Accident),
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

  return {
    async run(raw: unknown): Promise<StepOutcome> {
      const input = LadderStepInput.parse(raw);
      const subjects = subjectOf(input.kind);
      const subject = await subjects.get(input.id);
      if (!subject) return { outcome: "stale", reason: `${input.kind} ${input.id} does not exist` };
      if (subject.planVersion !== input.version) {
        return {
          outcome: "stale",
          reason: `plan version ${subject.planVersion}, timer of version ${input.version}`,
        };
      }
      const { name, ladder } = subjects.ladder(subject);
      const step = ladder && name === input.ladder ? stepOf(ladder, input.step) : undefined;
      if (!step) return { outcome: "stale", reason: `step ${input.ladder}/${input.step} is not in force` };

      const { recipients, unreached } = await resolveAudiences(
        deps.catalogue,
        step.audience,
        await subjects.context(subject),
        config.escalation,
      );
      // A step that reaches nobody is never silent: an alarm for operators, a line in the timeline for people.
      const nobody = recipients.length === 0;
      if (nobody) {
        deps.log.warn(NO_RECIPIENT_MESSAGE, {
          kind: input.kind,
          id: input.id,
          step: step.id,
          audience: step.audience,
        });
      }
      const messages = stepMessages(
        input.kind,
        input.id,
        `v${input.version}:${step.id}`,
        step.template,
        recipients,
        { ...subjects.params(subject), days: daysOf(step) },
        subjects.where(subject),
      );
      const sent = await deps.notifier.send(messages);

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
        next.timeline.push({
          at: now.toISOString(),
          actor: SYSTEM,
          what: `ladder step ${step.id}`,
          details: {
            template: step.template,
            audience: step.audience,
            recipients: recipients.length,
            ...(unreached.length > 0 ? { unreached, message: noRecipientText(unreached) } : {}),
          },
        });
        if (nobody) {
          next.timeline.push({
            at: now.toISOString(),
            actor: SYSTEM,
            what: `${NO_RECIPIENT_EVENT}${step.audience.join(", ")}`,
            details: { step: step.id, audience: step.audience, message: noRecipientText(step.audience) },
          });
        }
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
