import type {
  Enterprise,
  EnterpriseStatus,
  Industry,
  Official,
  OfficialRole,
  StoredOfficial,
} from "./catalogue";
import { OFFICIAL_ROLES } from "./catalogue";
import { jurisdictionName } from "./jurisdiction";
import type { CatalogueStore, Page } from "./ports";
import { type Principal, queryScope } from "./principal";

type Deps = { catalogue: CatalogueStore };

/** Letters and digits of the credit code's alphabet (GB 32100: no I, O, S, V, Z): a code, not a name. */
const CREDIT_CODE_PREFIX = /^[0-9A-HJ-NPQRTUWXY]{2,18}$/;

export type EnterpriseSearchQuery = {
  jurisdiction?: string;
  /** A name prefix, or (letters and digits of a credit code) a credit code prefix. */
  q?: string;
  industry?: Industry;
  department?: string;
  status?: EnterpriseStatus;
  limit: number;
  nextToken?: string;
};

export type OfficialSearchQuery = {
  jurisdiction?: string;
  role?: OfficialRole;
  /** The officials below the jurisdiction as well (a city's and its counties'). */
  below?: boolean;
  limit: number;
  nextToken?: string;
};

/** What a list shows of an enterprise; the contacts are on its own page. */
export function enterpriseSummary(e: Enterprise) {
  return {
    creditCode: e.creditCode,
    name: e.name,
    countyCode: e.countyCode,
    countyName: jurisdictionName(e.countyCode),
    industry: e.industry,
    supervisingDepartment: e.supervisingDepartment,
    status: e.status,
    legalRepName: e.legalRep.name,
  };
}

export function officialSummary(o: Official) {
  return {
    name: o.name,
    role: o.role,
    jurisdiction: o.jurisdictionCode,
    jurisdictionName: jurisdictionName(o.jurisdictionCode),
    department: o.department,
    mobile: o.mobile,
    ...(o.email ? { email: o.email } : {}),
  };
}

/** What a list shows of an official: the summary, its stable id and whether it is in office. */
export function officialListItem(o: StoredOfficial) {
  return {
    id: o.id,
    ...officialSummary(o),
    status: o.status,
    ...(o.deactivation ? { deactivation: o.deactivation } : {}),
  };
}

/**
 * 监管对象: the enterprises and officials of the caller's jurisdiction (or one within it). Every read is a
 * key condition on a county or a jurisdiction inside the scope: nothing of another jurisdiction is read.
 */
export function createDirectoryService({ catalogue }: Deps) {
  return {
    async enterprises(principal: Principal, query: EnterpriseSearchQuery) {
      const prefix = queryScope(principal, query.jurisdiction);
      const counties = await catalogue.countiesWithin(prefix);
      const text = query.q?.trim();
      const code = text?.toUpperCase();
      const byCode = code !== undefined && CREDIT_CODE_PREFIX.test(code);
      const page: Page<Enterprise> = await catalogue.searchEnterprises({
        counties,
        ...(text ? (byCode ? { creditCodePrefix: code } : { namePrefix: text }) : {}),
        ...(query.industry ? { industry: query.industry } : {}),
        ...(query.department ? { department: query.department } : {}),
        ...(query.status ? { status: query.status } : {}),
        limit: query.limit,
        ...(query.nextToken ? { nextToken: query.nextToken } : {}),
      });
      return { ...page, items: page.items.map(enterpriseSummary) };
    },

    async officials(principal: Principal, query: OfficialSearchQuery) {
      const jurisdiction = query.jurisdiction ?? principal.jurisdiction;
      queryScope(principal, jurisdiction);
      const page = await catalogue.searchOfficials({
        jurisdiction,
        roles: query.role ? [query.role] : Object.keys(OFFICIAL_ROLES),
        ...(query.below ? { below: true } : {}),
        limit: query.limit,
        ...(query.nextToken ? { nextToken: query.nextToken } : {}),
      });
      return { ...page, items: page.items.map(officialListItem) };
    },
  };
}
