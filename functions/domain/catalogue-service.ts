import type { DubanConfig } from "../../config/schema";
import { type HolidayCalendar, shanghaiDateOf } from "./calendar";
import { type Enterprise, EnterpriseSchema } from "./catalogue";
import {
  type EnterpriseImportContext,
  type ImportParse,
  type LineNote,
  parseEnterpriseCsv,
  parseOfficialCsv,
} from "./csv-import";
import { owedFiling, periodsOwedOnJoining } from "./filing";
import { judgeImportRow } from "./import-ownership";
import { isWithin } from "./jurisdiction";
import { message } from "./messages";
import { inParallel } from "./parallel";
import { periodOf, previousPeriod } from "./period";
import type { CatalogueStore, Clock, FilingStore } from "./ports";
import { assertOfficial, type Principal } from "./principal";

export type ImportResult = {
  imported: number;
  updated: number;
  rejected: LineNote[];
  /** Lines imported, with something the importer should look at (e.g. an unknown department). */
  warnings: LineNote[];
};

type Deps = {
  catalogue: CatalogueStore;
  filings: FilingStore;
  clock: Clock;
  config: DubanConfig;
  calendar?: HolidayCalendar;
};

/** The supervision catalogue (监管对象目录): CSV imports and look-ups, within the caller's jurisdiction. */
export function createCatalogueService(deps: Deps) {
  const { catalogue, filings, clock, config, calendar } = deps;

  /**
   * An enterprise owes, from the day it joins the catalogue, the period in progress and every ended period
   * whose deadline has not passed (the obligation's joining rule, `periodsOwedOnJoining`); a changed
   * profile refreshes the contacts on its records of periods still being filed; a closed enterprise owes no
   * more. Missing records are found with one batched read and written in batches (a period in progress
   * cannot have been filed; an ended one is written only if absent), so re-running the same rows after a
   * crash completes what is missing.
   */
  async function syncFilings(enterprises: Enterprise[], changed: Set<string>) {
    const now = clock.now();
    const today = shanghaiDateOf(now);
    // Only obligations every enterprise owes; a listed hazard's progress is owed from its listing.
    for (const obligation of config.obligations.filter((o) => o.subject === "enterprise")) {
      const current = periodOf(obligation.periodKind, today);
      const stillFiled = [current, previousPeriod(obligation.periodKind, current)];
      const active = enterprises.filter((e) => e.status === "active");
      for (const period of periodsOwedOnJoining(obligation, now, calendar)) {
        const present = new Set(
          (
            await filings.getFilings(
              active.map((e) => ({ creditCode: e.creditCode, obligation: obligation.id, period })),
            )
          ).map((r) => r.creditCode),
        );
        const absent = active
          .filter((e) => !present.has(e.creditCode))
          .map((e) => owedFiling(e, obligation.id, period));
        if (period === current) await filings.openFilings(absent);
        else
          await inParallel(absent, 16, async (r) => {
            await filings.ensureFiling(r);
          });
      }
      const refresh = enterprises.filter((e) => changed.has(e.creditCode));
      await inParallel(refresh, 16, async (e) => {
        if (e.status !== "active") {
          await filings.withdrawFilings(e.creditCode, obligation.id, stillFiled, now.toISOString());
          return;
        }
        await filings.refreshContacts(e, stillFiled, obligation.id);
      });
    }
  }

  /**
   * Writes the rows the caller may write (see `judgeImportRow`) and reports the others. Deterministic: the
   * same rows applied again write the same items, so a page of an import can be re-done after a crash.
   */
  async function applyEnterpriseRows(principal: Principal, rows: ImportParse<Enterprise>["rows"]) {
    const before = new Map(
      (await catalogue.getEnterprises(rows.map((r) => r.value.creditCode))).map((e) => [e.creditCode, e]),
    );
    const rejected: ImportResult["rejected"] = [];
    const accepted: Enterprise[] = [];
    const joinedAt = clock.now().toISOString();
    let imported = 0;
    let updated = 0;
    for (const row of rows) {
      const verdict = judgeImportRow(principal, row.value, before.get(row.value.creditCode));
      if (!verdict.ok) {
        rejected.push({ line: row.line, reason: verdict.reason });
        continue;
      }
      // When it joined is the catalogue's record, kept by every re-import.
      const known = before.get(row.value.creditCode);
      const joined = known ? known.joinedAt : joinedAt;
      accepted.push(joined ? { ...row.value, joinedAt: joined } : row.value);
      if (before.has(row.value.creditCode)) updated++;
      else imported++;
    }
    const changed = accepted.filter((e) => {
      const old = before.get(e.creditCode);
      return !old || profileOf(old) !== profileOf(e);
    });
    await catalogue.putEnterprises(changed);
    await syncFilings(
      accepted,
      new Set(changed.filter((e) => before.has(e.creditCode)).map((e) => e.creditCode)),
    );
    return { imported, updated, rejected };
  }

  /**
   * What a row's departments are checked against: the departments of the inspectors of each county the
   * file names. Loaded after a first pass over the file has found those counties.
   */
  async function departmentContext(csv: string | Uint8Array): Promise<EnterpriseImportContext> {
    const counties = [...new Set(parseEnterpriseCsv(csv).rows.map((r) => r.value.countyCode))];
    const departments = new Map<string, string[]>();
    await inParallel(counties, 8, async (county) => {
      const inspectors = await catalogue.officialsOf(county, "inspector");
      departments.set(
        county,
        inspectors.map((o) => o.department),
      );
    });
    return { departmentsOf: (county) => departments.get(county) ?? [] };
  }

  /** Bytes as uploaded (UTF-8 or GBK) to rows, line errors and warnings; nothing is written. */
  async function parseEnterpriseFile(csv: string | Uint8Array): Promise<ImportParse<Enterprise>> {
    return parseEnterpriseCsv(csv, await departmentContext(csv));
  }

  return {
    async importEnterprises(principal: Principal, csv: string | Uint8Array): Promise<ImportResult> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const parsed = await parseEnterpriseFile(csv);
      const applied = await applyEnterpriseRows(principal, parsed.rows);
      const refused = new Set(applied.rejected.map((r) => r.line));
      return {
        imported: applied.imported,
        updated: applied.updated,
        rejected: [...parsed.rejected, ...applied.rejected].sort((a, b) => a.line - b.line),
        warnings: parsed.warnings.filter((w) => !refused.has(w.line)),
      };
    },

    parseEnterpriseFile,
    applyEnterpriseRows,

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

    /** Loads a whole catalogue (demo data, simulator) as the system itself, without a caller. */
    async load(enterprises: Enterprise[], officials: Parameters<CatalogueStore["putOfficials"]>[0]) {
      const joinedAt = clock.now().toISOString();
      const { updated } = await catalogue.putEnterprises(
        enterprises.map((e) => ({ ...e, joinedAt: e.joinedAt ?? joinedAt })),
      );
      await catalogue.putOfficials(officials);
      await syncFilings(enterprises, new Set(updated));
    },
  };
}

/** What an import writes of a stored enterprise (the stored item may carry more, e.g. a move's history). */
function profileOf(e: Enterprise): string {
  // The schema writes its keys in one order, so equal profiles serialise equally.
  return JSON.stringify(EnterpriseSchema.parse(e));
}
