import * as z from "zod";
import { FAILPOINTS, type FailpointName, installFailpointTrap } from "../functions/domain/failpoints";
import { message } from "../functions/domain/messages";

const NAMES = Object.keys(FAILPOINTS) as FailpointName[];

/** `name` or `name@n` (the n-th time the point is reached; 1 when absent), several separated by commas. */
const Arming = z.object({
  name: z.enum(NAMES as [FailpointName, ...FailpointName[]], {
    error: message("local.failpoint_name", { allowed: NAMES }),
  }),
  n: z.coerce.number().int().min(1).max(1_000_000).default(1),
});
export type Arming = z.infer<typeof Arming>;

export function parseFailpoints(spec: string | undefined): Arming[] {
  if (!spec?.trim()) return [];
  return spec.split(",").map((part) => {
    const [name, n] = part.trim().split("@");
    return Arming.parse({ name, ...(n ? { n } : {}) });
  });
}

/**
 * The local runtime's failpoints: an armed point makes the process exit at once — SIGKILL to itself, as
 * `kill -9` would: no handler runs, nothing is flushed — the n-th time it is reached. Only the local runtime
 * installs this; on AWS `failpoint()` does nothing.
 */
export function createLocalFailpoints(
  initial: Arming[],
  die: () => void = () => process.kill(process.pid, "SIGKILL"),
) {
  const armed = new Map<FailpointName, number>();
  const reached = new Map<FailpointName, number>();
  const arm = (a: Arming) => {
    armed.set(a.name, a.n);
    reached.set(a.name, 0);
  };
  for (const a of initial) arm(a);
  installFailpointTrap((name) => {
    const at = armed.get(name);
    if (at === undefined) return;
    const count = (reached.get(name) ?? 0) + 1;
    reached.set(name, count);
    if (count >= at) die();
  });
  return {
    Arming,
    arm,
    list: () =>
      NAMES.map((name) => ({
        name,
        where: FAILPOINTS[name],
        ...(armed.has(name) ? { armedAt: armed.get(name), reached: reached.get(name) ?? 0 } : {}),
      })),
  };
}
export type LocalFailpoints = ReturnType<typeof createLocalFailpoints>;
