import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { reconcileEffects } from "../domain/reconciler";
import { createBulletinReads } from "../render/bulletin-use-cases";
import { task } from "./task";

/**
 * The scheduled reconciler: completes subjects whose recorded effects are older than the grace period
 * (younger ones are being applied by the change that recorded them), and issued bulletins whose messages
 * were recorded but not all handed to the outbox.
 */
export const { create, handler, ports } = task(
  async (deps) => {
    const before = new Date(deps.clock.now().getTime() - deps.config.effects.reconcileAfterSeconds * 1000);
    const outcome = await reconcileEffects(deps, before);
    const bulletins = await createBulletinReads(deps).reconcile(before);
    return { ...outcome, bulletins };
  },
  [objectsPort, timersPort, notifierPort],
);
