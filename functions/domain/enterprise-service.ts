import { shanghaiDateOf } from "./calendar";
import type { Enterprise, EnterpriseStatus } from "./catalogue";
import type { DubanConfig } from "./config-schema";
import { Conflict, Forbidden } from "./errors";
import { owedFiling } from "./filing";
import type { TimelineEvent } from "./hazard";
import { STATUS_NAMES } from "./import-ownership";
import { isWithin, jurisdictionName } from "./jurisdiction";
import { message, said } from "./messages";
import { periodOf, previousPeriod } from "./period";
import type { CatalogueStore, Clock, FilingStore } from "./ports";
import { assertCanReachEnterprise, assertOfficial, enterpriseNotFound, type Principal } from "./principal";
import { labelled } from "./timeline-words";

type Deps = { catalogue: CatalogueStore; filings: FilingStore; clock: Clock; config: DubanConfig };

export type EnterpriseView = Enterprise & { timeline: TimelineEvent[]; countyName: string };

/**
 * The explicit changes to an enterprise that an import may not make: moving it to another county (by an
 * official over both counties, i.e. their common parent or above) and closing or reopening it, each with a
 * reason and recorded in the enterprise's timeline.
 */
export function createEnterpriseService(deps: Deps) {
  const { catalogue, filings, clock, config } = deps;

  async function reachable(principal: Principal, creditCode: string): Promise<Enterprise> {
    const enterprise = await catalogue.getEnterprise(creditCode);
    if (!enterprise) throw enterpriseNotFound(creditCode);
    assertCanReachEnterprise(principal, enterprise);
    return enterprise;
  }

  function actorOf(principal: Principal) {
    return { sub: principal.sub, role: principal.role, jurisdiction: principal.jurisdiction };
  }

  /** The records of periods still being filed follow the enterprise (county, owed or withdrawn). */
  async function followFilings(enterprise: Enterprise) {
    const now = clock.now();
    for (const obligation of config.obligations.filter((o) => o.subject === "enterprise")) {
      const current = periodOf(obligation.periodKind, shanghaiDateOf(now));
      const stillFiled = [current, previousPeriod(obligation.periodKind, current)];
      if (enterprise.status === "closed") {
        await filings.withdrawFilings(enterprise.creditCode, obligation.id, stillFiled, now.toISOString());
        continue;
      }
      await filings.ensureFiling(owedFiling(enterprise, obligation.id, current));
      for (const period of stillFiled) {
        const record = await filings.getFiling(enterprise.creditCode, obligation.id, period);
        if (!record) continue;
        // A reopened enterprise owes again what its closing withdrew.
        const { withdrawnAt, ...kept } = record as typeof record & { withdrawnAt?: string };
        if (record.countyCode === enterprise.countyCode && withdrawnAt === undefined) continue;
        await filings.saveFiling({ ...kept, countyCode: enterprise.countyCode }, record.version);
      }
    }
  }

  async function view(enterprise: Enterprise): Promise<EnterpriseView> {
    return {
      ...enterprise,
      countyName: jurisdictionName(enterprise.countyCode),
      timeline: labelled(await catalogue.enterpriseTimeline(enterprise.creditCode), "enterprise"),
    };
  }

  /** Writes the change unless someone changed the enterprise meanwhile, then its timeline and filings. */
  async function record(
    principal: Principal,
    before: Enterprise,
    after: Enterprise,
    what: string,
    details: Record<string, unknown>,
  ): Promise<EnterpriseView> {
    if (!(await catalogue.replaceEnterprise(after, before))) {
      throw new Conflict(said("catalogue.enterprise_changed_concurrently"));
    }
    await catalogue.appendEnterpriseEvent(after.creditCode, {
      at: clock.now().toISOString(),
      actor: actorOf(principal),
      what,
      details,
    });
    await followFilings(after);
    return view(after);
  }

  return {
    async get(principal: Principal, creditCode: string): Promise<EnterpriseView> {
      return view(await reachable(principal, creditCode));
    },

    async transfer(
      principal: Principal,
      creditCode: string,
      change: { toCountyCode: string; reason: string },
    ): Promise<EnterpriseView> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const before = await reachable(principal, creditCode);
      if (!isWithin(change.toCountyCode, principal.jurisdiction)) {
        throw new Forbidden(
          said("catalogue.transfer_outside", {
            toCountyCode: change.toCountyCode,
            jurisdiction: principal.jurisdiction,
          }),
          [{ path: "toCountyCode", message: message("catalogue.transfer_outside_field") }],
        );
      }
      if (before.countyCode === change.toCountyCode) {
        throw new Conflict(said("catalogue.transfer_same_county", { countyCode: change.toCountyCode }), [
          { path: "toCountyCode", message: message("catalogue.transfer_same_county_field") },
        ]);
      }
      return record(principal, before, { ...before, countyCode: change.toCountyCode }, "transferred", {
        from: before.countyCode,
        to: change.toCountyCode,
        reason: change.reason,
      });
    },

    async changeStatus(
      principal: Principal,
      creditCode: string,
      change: { status: EnterpriseStatus; reason: string },
    ): Promise<EnterpriseView> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const before = await reachable(principal, creditCode);
      if (before.status === change.status) {
        throw new Conflict(said("catalogue.status_unchanged", { status: STATUS_NAMES[before.status] }), [
          { path: "status", message: message("catalogue.status_unchanged_field", { status: before.status }) },
        ]);
      }
      const what = change.status === "closed" ? "closed" : "reopened";
      return record(principal, before, { ...before, status: change.status }, what, { reason: change.reason });
    },
  };
}
