import type { Audience } from "./config-schema";
import type { Timer } from "./ports";

/**
 * What a state change of a supervised subject implies besides itself: timers to set, notices to send, other
 * records to bring in line. They are written as `effects` in the same single-item conditional write as the
 * change (no multi-item transaction), then applied — each idempotently: timers by id, messages by their
 * deterministic keys, filings by their own conditions — and only then cleared. A crash anywhere in between
 * leaves the subject in the sparse "effects behind" index, where the reconciler finds and completes it.
 */
export type TimerEffect = { kind: "timer"; id: string; timer: Timer };

/** A notice to an audience, with the parameters and key as of the change (the subject may move on). */
export type NoticeEffect = {
  kind: "notice";
  id: string;
  /** Message key part: `v<plan version>:<what>`, so a notice applied twice is sent once. */
  keyPart: string;
  template: string;
  audience: Audience[];
  params: Record<string, string>;
  context: {
    creditCode?: string;
    countyCode: string;
    jurisdiction?: string;
    department?: string;
    foundByOfficial?: boolean;
  };
  where: { scope: string; about?: string };
};

/** A subject-specific follow-up by name (a listed hazard's progress filings), applied by its service. */
export type FollowUpEffect = { kind: "follow-up"; id: string; name: string; at: string };

export type Effect = TimerEffect | NoticeEffect | FollowUpEffect;

/**
 * What a change asks for besides the timers of a new plan, which the store derives by itself: notices,
 * follow-ups, and timers of their own (an extension request's ladder, which runs beside the plan).
 */
export type EffectRequest = Omit<NoticeEffect, "id"> | Omit<FollowUpEffect, "id"> | Omit<TimerEffect, "id">;

/** Carried on every supervised subject's item while effects are recorded but not yet applied. */
export type WithEffects = {
  effects?: Effect[];
  /** When the oldest unapplied effect was recorded: the reconciler's index sorts by it. */
  effectsSince?: string;
};

/** Effect ids are deterministic in the revision that recorded them. */
export function effectId(rev: number, n: number): string {
  return `r${rev}-${n}`;
}

/** Thrown nowhere: returned by a change that finds its action already taken (a client's retry). */
export const ALREADY_DONE: unique symbol = Symbol("already done");
export type AlreadyDone = typeof ALREADY_DONE;
