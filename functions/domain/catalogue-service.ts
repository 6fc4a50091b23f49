import type { DubanConfig } from "../../config/schema";
import { shanghaiDateOf } from "./calendar";
import type { Enterprise } from "./catalogue";
import { type LineNote, parseEnterpriseCsv, parseOfficialCsv } from "./csv-import";
import { NotFound } from "./errors";
import { owedFiling } from "./filing";
import { isWithin } from "./jurisdiction";
import { message, said } from "./messages";
import { inParallel } from "./parallel";
import { periodOf, previousPeriod } from "./period";
import type { CatalogueStore, Clock, FilingStore } from "./ports";
import { assertCanReachEnterprise, assertOfficial, type Principal } from "./principal";

export type ImportResult = {
  imported: number;
  updated: number;
  rejected: LineNote[];
  /** Lines imported, with something the importer should look at (e.g. an unknown department). */
  warnings: LineNote[];
};

type Deps = { catalogue: CatalogueStore; filings: FilingStore; clock: Clock; config: DubanConfig };

/** The supervision catalogue (监管对象目录): CSV imports and look-ups, within the caller's jurisdiction. */
export function createCatalogueService(deps: Deps) {
  const { catalogue, filings, clock, config } = deps;

  /**
   * An enterprise owes the filing of the period in progress from the day it joins the catalogue; an update
   * refreshes the contacts on its records of periods still being filed; a closed enterprise owes no more.
   * New enterprises' records are written in batches (none can exist yet); the rest one by one, conditionally.
   */
  async function syncFilings(enterprises: Enterprise[], created: Set<string>) {
    const now = clock.now();
    const today = shanghaiDateOf(now);
    // Only obligations every enterprise owes; a listed hazard's progress is owed from its listing.
    for (const obligation of config.obligations.filter((o) => o.subject === "enterprise")) {
      const current = periodOf(obligation.periodKind, today);
      const stillFiled = [current, previousPeriod(obligation.periodKind, current)];
      const fresh = enterprises.filter((e) => e.status === "active" && created.has(e.creditCode));
      await filings.openFilings(fresh.map((e) => owedFiling(e, obligation.id, current)));
      const known = enterprises.filter((e) => !created.has(e.creditCode));
      await inParallel(known, 16, async (e) => {
        if (e.status !== "active") {
          await filings.withdrawFilings(e.creditCode, obligation.id, stillFiled, now.toISOString());
          return;
        }
        await filings.ensureFiling(owedFiling(e, obligation.id, current));
        await filings.refreshContacts(e, stillFiled, obligation.id);
      });
    }
  }

  return {
    async importEnterprises(principal: Principal, csv: string | Uint8Array): Promise<ImportResult> {
      assertOfficial(principal, ["admin", "anweiban"]);
      // Two passes: the first finds the counties of the file, whose officials' departments the second checks.
      const counties = [...new Set(parseEnterpriseCsv(csv).rows.map((r) => r.value.countyCode))];
      const departments = new Map<string, string[]>();
      await inParallel(counties, 8, async (county) => {
        const inspectors = await catalogue.officialsOf(county, "inspector");
        departments.set(
          county,
          inspectors.map((o) => o.department),
        );
      });
      const parsed = parseEnterpriseCsv(csv, {
        departmentsOf: (county) => departments.get(county) ?? [],
      });
      const rejected = [...parsed.rejected];
      const accepted: Enterprise[] = [];
      for (const row of parsed.rows) {
        if (isWithin(row.value.countyCode, principal.jurisdiction)) accepted.push(row.value);
        else
          rejected.push({
            line: row.line,
            reason: message("csv.outside_jurisdiction", {
              column: "county_code",
              code: row.value.countyCode,
              jurisdiction: principal.jurisdiction,
            }),
          });
      }
      const { created, updated } = await catalogue.putEnterprises(accepted);
      await syncFilings(accepted, new Set(created));
      const accepting = new Set(accepted.map((e) => e.creditCode));
      const lineOf = new Map(parsed.rows.map((r) => [r.line, r.value.creditCode]));
      return {
        imported: created.length,
        updated: updated.length,
        rejected: rejected.sort((a, b) => a.line - b.line),
        warnings: parsed.warnings.filter((w) => accepting.has(lineOf.get(w.line) ?? "")),
      };
    },

    async importOfficials(principal: Principal, csv: string | Uint8Array): Promise<ImportResult> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const parsed = parseOfficialCsv(csv);
      const rejected = [...parsed.rejected];
      const accepted = parsed.rows.filter((row) => {
        if (isWithin(row.value.jurisdictionCode, principal.jurisdiction)) return true;
        rejected.push({
          line: row.line,
          reason: message("csv.outside_jurisdiction", {
            column: "jurisdiction_code",
            code: row.value.jurisdictionCode,
            jurisdiction: principal.jurisdiction,
          }),
        });
        return false;
      });
      const { created, updated } = await catalogue.putOfficials(accepted.map((r) => r.value));
      return {
        imported: created.length,
        updated: updated.length,
        rejected: rejected.sort((a, b) => a.line - b.line),
        warnings: parsed.warnings,
      };
    },

    async getEnterprise(principal: Principal, creditCode: string): Promise<Enterprise> {
      const enterprise = await catalogue.getEnterprise(creditCode);
      // An official outside the jurisdiction learns no more from a 404 than from a 403: both say "not yours".
      if (!enterprise) throw new NotFound(said("catalogue.enterprise_not_found", { creditCode }));
      assertCanReachEnterprise(principal, enterprise);
      return enterprise;
    },

    /** Loads a whole catalogue (demo data, simulator) as the system itself, without a caller. */
    async load(enterprises: Enterprise[], officials: Parameters<CatalogueStore["putOfficials"]>[0]) {
      const { created } = await catalogue.putEnterprises(enterprises);
      await catalogue.putOfficials(officials);
      await syncFilings(enterprises, new Set(created));
    },
  };
}
