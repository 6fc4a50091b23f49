import type { Enterprise } from "./catalogue";
import { legacyOfficialId } from "./catalogue";
import type { CatalogueStore } from "./ports";
import type { Principal, Role } from "./principal";

/**
 * What each role may do, as the services enforce it (principal.ts, hazard.ts, accident-service.ts,
 * catalogue-service.ts, calendar-service.ts). The console shows only the actions a caller may take; the
 * API still decides each request on its own.
 */
export const CAPABILITIES: Record<Role, string[]> = {
  enterprise: [
    "report.file",
    "hazard.register",
    "hazard.plan",
    "hazard.progress",
    "hazard.extension.request",
    "hazard.evaluation",
    "hazard.acceptance.request",
    "hazard.rectify",
    "notifications.read",
  ],
  inspector: [
    "reports.read",
    "hazard.read",
    "hazard.register",
    "hazard.plan",
    "hazard.list",
    "hazard.extension.decide",
    "hazard.evaluation",
    "hazard.acceptance.record",
    "hazard.rectify",
    "accident.manage",
    "catalogue.read",
    "notifications.read",
  ],
  anweiban: [
    "reports.read",
    "hazard.read",
    "hazard.list",
    "hazard.extension.decide",
    "hazard.acceptance.record",
    "accident.manage",
    "catalogue.read",
    "catalogue.import",
    "notifications.read",
  ],
  leader: ["reports.read", "hazard.read", "accident.read", "catalogue.read", "notifications.read"],
  admin: [
    "reports.read",
    "hazard.read",
    "hazard.list",
    "hazard.extension.decide",
    "hazard.acceptance.record",
    "accident.manage",
    "catalogue.read",
    "catalogue.import",
    "calendar.supply",
    "official.manage",
    "notifications.read",
  ],
};

export type Me = {
  sub: string;
  name: string;
  role: Role;
  jurisdiction: string;
  enterprise?: { creditCode: string; name: string; legalRep: string };
  department?: string;
  may: string[];
};

/**
 * Who the caller is, for the console's header and menus: the official's or enterprise's record from the
 * catalogue when there is one (a token of a person no longer in the catalogue still answers, by role).
 */
export async function whoIs(principal: Principal, catalogue: CatalogueStore): Promise<Me> {
  const base = { sub: principal.sub, role: principal.role, jurisdiction: principal.jurisdiction };
  if (principal.role === "enterprise") {
    const e: Enterprise | undefined = principal.enterprise
      ? await catalogue.getEnterprise(principal.enterprise)
      : undefined;
    return {
      ...base,
      name: e?.name ?? principal.enterprise ?? principal.sub,
      ...(e ? { enterprise: { creditCode: e.creditCode, name: e.name, legalRep: e.legalRep.name } } : {}),
      may: CAPABILITIES.enterprise,
    };
  }
  // A token made before ids became stable names its official by jurisdiction, role and mobile number.
  const me =
    (await catalogue.getOfficial(principal.sub)) ??
    (await catalogue.officialsOf(principal.jurisdiction, principal.role)).find(
      (o) => legacyOfficialId(o) === principal.sub,
    );
  return {
    ...base,
    name: me?.name ?? principal.sub,
    ...(me?.department ? { department: me.department } : {}),
    may: CAPABILITIES[principal.role],
  };
}
