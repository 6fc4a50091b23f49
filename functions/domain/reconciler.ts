import { createAccidentService } from "./accident-service";
import { createHazardService, type HazardDeps } from "./hazard-service";
import { moveLegacyOfficials } from "./official-service";
import type { AccidentStore } from "./ports";

export type ReconcileOutcome = {
  before: string;
  hazards: { subjects: number; effects: number };
  accidents: { subjects: number; effects: number };
  /** Officials moved from a key with the mobile number to their stable id (once, see official-service). */
  officialsMoved: number;
};

/**
 * The effects reconciler: every supervised subject whose effects were recorded before `before` and never
 * cleared (the process died, the function timed out, a call was throttled between the write and the end of
 * applying them) has them applied now — each idempotently — and cleared.
 */
export async function reconcileEffects(
  deps: HazardDeps & { accidents: AccidentStore },
  before: Date,
): Promise<ReconcileOutcome> {
  const hazards = await createHazardService(deps).reconcileEffects(before);
  const accidents = await createAccidentService(deps).reconcileEffects(before);
  const officialsMoved = await moveLegacyOfficials(deps);
  return { before: before.toISOString(), hazards, accidents, officialsMoved };
}
