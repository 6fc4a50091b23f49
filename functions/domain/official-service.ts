import { OFFICIAL_ROLES, type StoredOfficial } from "./catalogue";
import { officialListItem, type officialSummary } from "./directory-service";
import { Conflict, NotFound, RuleViolation } from "./errors";
import type { TimelineEvent } from "./hazard";
import { isWithin, jurisdictionChain } from "./jurisdiction";
import { said } from "./messages";
import type { CatalogueStore, Clock } from "./ports";
import { assertOfficial, type Principal } from "./principal";
import { labelled } from "./timeline-words";

type Deps = { catalogue: CatalogueStore; clock: Clock };

export const OFFICIAL_STATUS_NAMES = { active: "在职", inactive: "已停用" } as const;

export type OfficialView = ReturnType<typeof officialSummary> & {
  id: string;
  status: StoredOfficial["status"];
  deactivation?: StoredOfficial["deactivation"];
  timeline: (TimelineEvent & { label: string })[];
};

/**
 * An official's lifecycle: an admin over the official's jurisdiction deactivates them (left the post, on
 * long leave) — the record and its history stay, every audience skips them from then on — and reactivates
 * them. Each change is one conditional write and a line in the official's timeline.
 */
export function createOfficialService({ catalogue, clock }: Deps) {
  /** An official outside the caller's jurisdiction answers like one that does not exist. */
  async function reachable(principal: Principal, id: string): Promise<StoredOfficial> {
    const official = await catalogue.getOfficial(id);
    if (!official || !isWithin(official.jurisdictionCode, principal.jurisdiction)) {
      throw new NotFound(said("catalogue.official_not_found", { id }));
    }
    return official;
  }

  async function view(o: StoredOfficial): Promise<OfficialView> {
    return { ...officialListItem(o), timeline: labelled(await catalogue.officialTimeline(o.id), "official") };
  }

  async function change(
    principal: Principal,
    id: string,
    to: StoredOfficial["status"],
    reason: string,
  ): Promise<OfficialView> {
    assertOfficial(principal, ["admin"]);
    const before = await reachable(principal, id);
    if (before.status === to) {
      throw new Conflict(said("catalogue.official_status_unchanged", { status: OFFICIAL_STATUS_NAMES[to] }));
    }
    if (to === "inactive" && before.id === principal.sub) {
      throw new RuleViolation(said("catalogue.official_not_self"));
    }
    const at = clock.now().toISOString();
    const { deactivation: _, ...rest } = before;
    const after: StoredOfficial =
      to === "inactive"
        ? { ...rest, status: to, deactivation: { at, reason, by: principal.sub } }
        : { ...rest, status: to };
    if (!(await catalogue.replaceOfficial(after, before))) {
      throw new Conflict(said("catalogue.official_changed_concurrently"));
    }
    await catalogue.appendOfficialEvent(id, {
      at,
      actor: { sub: principal.sub, role: principal.role, jurisdiction: principal.jurisdiction },
      what: to === "inactive" ? "deactivated" : "reactivated",
      details: { reason, name: before.name, role: OFFICIAL_ROLES[before.role] },
    });
    return view(after);
  }

  return {
    async get(principal: Principal, id: string): Promise<OfficialView> {
      assertOfficial(principal);
      return view(await reachable(principal, id));
    },
    deactivate: (principal: Principal, id: string, body: { reason: string }) =>
      change(principal, id, "inactive", body.reason),
    reactivate: (principal: Principal, id: string, body: { reason: string }) =>
      change(principal, id, "active", body.reason),
  };
}

const STABLE_IDS = "officials-stable-id";

/**
 * Officials stored before ids became stable (keyed by jurisdiction, role and mobile number) are moved to
 * their stable id, once: the reconciler runs this at start (locally) and on its schedule (AWS) until a pass
 * has run to its end. Until then they read as the officials they are (the store gives them their stable id),
 * so nobody is lost in between. Officials live in the jurisdictions of the catalogue's counties and above.
 */
export async function moveLegacyOfficials({ catalogue, clock }: Deps): Promise<number> {
  if (await catalogue.hasMarker(STABLE_IDS)) return 0;
  const counties = await catalogue.counties();
  const moved = await catalogue.migrateLegacyOfficials([...new Set(counties.flatMap(jurisdictionChain))]);
  await catalogue.setMarker(STABLE_IDS, clock.now().toISOString());
  return moved;
}
