import { reconcileEffects } from "../domain/reconciler";
import { task } from "./task";

/**
 * The scheduled reconciler: completes subjects whose recorded effects are older than the grace period
 * (younger ones are being applied by the change that recorded them).
 */
export const { create, handler } = task((deps) =>
  reconcileEffects(
    deps,
    new Date(deps.clock.now().getTime() - deps.config.effects.reconcileAfterSeconds * 1000),
  ),
);
