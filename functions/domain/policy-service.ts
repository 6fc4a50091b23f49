import { shippedPolicies } from "../../config/policies";
import type { HolidayCalendar, LocalDate } from "./calendar";
import type { DubanConfig } from "./config-schema";
import { Conflict, Forbidden } from "./errors";
import { isWithin, jurisdictionName, jurisdictionOf } from "./jurisdiction";
import { message, said } from "./messages";
import type { Log } from "./notifier";
import type { PeriodKind } from "./period";
import {
  defaultPolicy,
  type EffectivePolicy,
  effectivePolicy,
  filingDueUnder,
  layersAt,
  type PolicyLayer,
  type PolicyOverride,
  parsePolicyOverride,
} from "./policy";
import type { Clock } from "./ports";
import { assertOfficial, type Principal } from "./principal";

export interface PolicyStore {
  list(): Promise<PolicyLayer[]>;
  /** Writes `layer` only if the stored version is still `previousVersion` (0: none stored); false if not. */
  put(layer: PolicyLayer, previousVersion: number): Promise<boolean>;
  /** The override of one earlier write of a jurisdiction's layer, kept for good (absent: not kept). */
  version?(code: string, version: number): Promise<PolicyOverride | undefined>;
}

/** The layers in force: the shipped local rules (version 0), replaced by what is stored for the same code. */
export async function policyLayers(
  store: PolicyStore,
  shipped: Record<string, PolicyOverride> = shippedPolicies,
): Promise<Map<string, PolicyLayer>> {
  const all = new Map<string, PolicyLayer>();
  for (const [code, override] of Object.entries(shipped)) {
    all.set(code, {
      jurisdiction: code,
      version: 0,
      override,
      updatedAt: "",
      updatedBy: "config/policies",
      history: [],
    });
  }
  for (const layer of await store.list()) all.set(layer.jurisdiction, layer);
  return all;
}

/** Effective policies by recorded version, per store: a version never changes once written, so it is kept. */
const recorded = new WeakMap<PolicyStore, Map<string, EffectivePolicy>>();

/**
 * The policy a subject recorded when it was opened (`policyVersion`), for its jurisdiction: every rule of a
 * hazard, plan or accident case reads this one, never the policy in force now. A subject from before
 * policies (no version) and a deployment without a policy store follow the defaults.
 */
export async function recordedPolicy(
  config: DubanConfig,
  store: PolicyStore | undefined,
  code: string,
  version: string | undefined,
  shipped: Record<string, PolicyOverride> = shippedPolicies,
): Promise<EffectivePolicy> {
  const defaults = defaultPolicy(config);
  if (!store || !version || version === "default") return effectivePolicy(defaults, new Map(), code);
  const cache = recorded.get(store) ?? new Map<string, EffectivePolicy>();
  recorded.set(store, cache);
  const key = `${code}|${version}`;
  const known = cache.get(key);
  if (known) return known;
  const current = await policyLayers(store, shipped);
  // Versions older than a layer's kept history are read from their own items.
  const kept = new Map<string, PolicyOverride>();
  for (const part of version.split("/")) {
    const [at, n] = part.split("@");
    const number = Number(n);
    const layer = at ? current.get(at) : undefined;
    if (!at || !(number > 0) || layer?.version === number) continue;
    if (layer?.history.some((h) => h.version === number)) continue;
    const override = await store.version?.(at, number);
    if (override) kept.set(part, override);
  }
  const layers = layersAt(current, shipped, version, kept);
  const effective = effectivePolicy(defaults, layers, code);
  if (cache.size > 1000) cache.clear();
  cache.set(key, effective);
  return effective;
}

/**
 * The last due date of `period` anywhere: the obligation's own and every local rule's (a layer that sets it).
 * What waits for every county's deadline (the month's compliance sweep) waits for this one.
 */
export async function latestFilingDueDate(
  config: DubanConfig,
  store: PolicyStore | undefined,
  obligation: { id: string; periodKind: PeriodKind },
  period: string,
  calendar: HolidayCalendar,
  ownDueDate: LocalDate,
): Promise<LocalDate> {
  if (!store) return ownDueDate;
  const layers = await policyLayers(store);
  const defaults = defaultPolicy(config);
  let latest = ownDueDate;
  for (const layer of layers.values()) {
    if (!layer.override.obligations?.[obligation.id]) continue;
    const due = filingDueUnder(defaults, layers, layer.jurisdiction, obligation, period, calendar);
    if (due && due.date > latest) latest = due.date;
  }
  return latest;
}

/** Earlier writes kept in a layer's own history: enough to answer "who moved this deadline, when". */
const HISTORY_KEPT = 50;

export type PolicyDeps = {
  config: DubanConfig;
  clock: Clock;
  policies: PolicyStore;
  /** Local rules shipped in `config/policies` (version 0 of their jurisdiction's layer); those by default. */
  shipped?: Record<string, PolicyOverride>;
  log?: Log;
};

/**
 * The policies in force: the defaults from `config/`, the shipped local rules, and the layers admins and
 * 安委办 store. Reading is per call (a handful of items through one index query), so a change is seen at
 * once by the next subject opened; subjects already opened keep the version they recorded.
 */
export function createPolicyService(deps: PolicyDeps) {
  const defaults = defaultPolicy(deps.config);
  const periodKinds = Object.fromEntries(deps.config.obligations.map((o) => [o.id, o.periodKind]));
  const templates = new Set(Object.keys(deps.config.templates));

  const layers = () => policyLayers(deps.policies, deps.shipped);

  function assertReach(principal: Principal, code: string) {
    if (!isWithin(code, principal.jurisdiction)) {
      throw new Forbidden(
        said("policy.outside", {
          jurisdiction: jurisdictionName(code),
          yours: jurisdictionName(principal.jurisdiction),
        }),
        [{ path: "jurisdiction", message: message("auth.outside_your_jurisdiction_field") }],
      );
    }
  }

  function view(effective: EffectivePolicy, own?: PolicyLayer) {
    return {
      jurisdiction: { code: effective.jurisdiction, name: jurisdictionName(effective.jurisdiction) },
      version: effective.version,
      policy: effective.policy,
      sources: effective.sources,
      layers: effective.layers,
      override: own?.override ?? {},
      ...(own && own.version > 0 ? { updatedAt: own.updatedAt, updatedBy: own.updatedBy } : {}),
      ownVersion: own?.version ?? 0,
    };
  }

  return {
    /** The effective policy of a jurisdiction (for the rules: a subject records its `version`). */
    async effective(code: string): Promise<EffectivePolicy> {
      return effectivePolicy(defaults, await layers(), code);
    },

    /** GET /v1/policies/{jurisdiction}: the effective policy, each value with where it comes from. */
    async get(principal: Principal, code: string) {
      assertOfficial(principal);
      jurisdictionOf(code);
      assertReach(principal, code);
      const all = await layers();
      return view(effectivePolicy(defaults, all, code), all.get(code));
    },

    /**
     * PUT /v1/policies/{jurisdiction}: the jurisdiction's whole override (what differs from the levels
     * above; `{}` removes it), by an admin or the 安委办 whose jurisdiction covers it. Written over the
     * version read, kept with who and when; subjects opened before keep their recorded version.
     */
    async put(principal: Principal, code: string, raw: unknown) {
      assertOfficial(principal, ["admin", "anweiban"]);
      jurisdictionOf(code);
      assertReach(principal, code);
      const all = await layers();
      const override = parsePolicyOverride(defaults, all, code, raw, periodKinds, templates);
      const previous = all.get(code);
      const previousVersion = previous?.version ?? 0;
      const at = deps.clock.now().toISOString();
      const layer: PolicyLayer = {
        jurisdiction: code,
        version: previousVersion + 1,
        override,
        updatedAt: at,
        updatedBy: principal.sub,
        history: [
          ...(previous?.history ?? []),
          ...(previous && previous.version > 0
            ? [
                {
                  version: previous.version,
                  at: previous.updatedAt,
                  by: previous.updatedBy,
                  override: previous.override,
                },
              ]
            : []),
        ].slice(-HISTORY_KEPT),
      };
      // A shipped layer (version 0) is not in the table: the first stored write creates the item.
      if (!(await deps.policies.put(layer, previousVersion))) {
        throw new Conflict(
          said("policy.version_conflict", {
            jurisdiction: jurisdictionName(code),
            expected: previousVersion,
            actual: previousVersion + 1,
          }),
        );
      }
      deps.log?.info("policy changed", { jurisdiction: code, version: layer.version, by: principal.sub });
      all.set(code, layer);
      return view(effectivePolicy(defaults, all, code), layer);
    },
  };
}
export type PolicyService = ReturnType<typeof createPolicyService>;
