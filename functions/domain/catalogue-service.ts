import { type HolidayCalendar, shanghaiDateOf } from "./calendar";
import { type Enterprise, EnterpriseSchema } from "./catalogue";
import type { DubanConfig } from "./config-schema";
import { type ImportParse, type LineNote, parseEnterpriseCsvFor, parseOfficialCsv } from "./csv-import";
import { failpoint } from "./failpoints";
import { owedFiling, periodsOwedOnJoining } from "./filing";
import { judgeImportRow } from "./import-ownership";
import { isWithin } from "./jurisdiction";
import { message } from "./messages";
import { inParallel } from "./parallel";
import { periodOf, previousPeriod } from "./period";
import type { CatalogueStore, Clock, FilingRecord, FilingStore } from "./ports";
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
   * Writes enterprises as units of work: first the filings each active one owes for the periods in
   * progress, then the contacts on its records of periods still being filed (a changed profile), and only
   * then its profile. A crash anywhere leaves at worst filings without their profile, which the same rows
   * applied again complete (the items are deterministic, so writing them twice writes the same); never a
   * profile without its filings. `before` is what the store held: an enterprise it did not hold has no
   * records yet (the period has not ended, so none can have been filed), and they are written without
   * reading; those it held are read in one batch and only the missing ones written. A closed enterprise owes
   * no more. A new enterprise also owes the ended periods whose deadline has not passed (the obligation's
   * joining rule, `periodsOwedOnJoining`: joining on 1 December owes November), written only if absent.
   */
  async function writeEnterprises(
    enterprises: Enterprise[],
    before: Map<string, Enterprise>,
    seam: () => void = () => undefined,
  ) {
    const now = clock.now();
    const today = shanghaiDateOf(now);
    const changed = enterprises.filter((e) => {
      const old = before.get(e.creditCode);
      return !old || profileOf(old) !== profileOf(e);
    });
    const active = enterprises.filter((e) => e.status === "active");
    const owed: FilingRecord[] = [];
    const refreshes: (() => Promise<void>)[] = [];
    const owedEnded: FilingRecord[] = [];
    // Only obligations every enterprise owes; a listed hazard's progress is owed from its listing.
    for (const obligation of config.obligations.filter((o) => o.subject === "enterprise")) {
      const current = periodOf(obligation.periodKind, today);
      const stillFiled = [current, previousPeriod(obligation.periodKind, current)];
      const known = active.filter((e) => before.has(e.creditCode));
      const present = new Set(
        (
          await filings.getFilings(
            known.map((e) => ({ creditCode: e.creditCode, obligation: obligation.id, period: current })),
          )
        ).map((r) => r.creditCode),
      );
      for (const e of active) {
        if (!present.has(e.creditCode)) owed.push(owedFiling(e, obligation.id, current));
      }
      for (const period of periodsOwedOnJoining(obligation, now, calendar)) {
        if (period === current) continue;
        for (const e of active) {
          if (!before.has(e.creditCode)) owedEnded.push(owedFiling(e, obligation.id, period));
        }
      }
      for (const e of changed) {
        if (!before.has(e.creditCode)) continue;
        refreshes.push(() =>
          e.status === "active"
            ? filings.refreshContacts(e, stillFiled, obligation.id)
            : filings.withdrawFilings(e.creditCode, obligation.id, stillFiled, now.toISOString()),
        );
      }
    }
    // An ended period's record may exist already (a re-run after a crash, its bookkeeping since): written
    // only where absent, read in one batch and written in batches, not one conditional write each (50,000
    // of those are 40 s). Nobody can file for these enterprises between the read and the write: filing
    // needs the profile, which is written last.
    const endedHeld = new Set(
      (await filings.getFilings(owedEnded)).map((r) => `${r.creditCode}#${r.obligation}#${r.period}`),
    );
    await filings.openFilings([
      ...owed,
      ...owedEnded.filter((r) => !endedHeld.has(`${r.creditCode}#${r.obligation}#${r.period}`)),
    ]);
    await inParallel(refreshes, 16, (refresh) => refresh());
    seam();
    await catalogue.putEnterprises(changed);
  }

  /**
   * Writes the rows the caller may write (see `judgeImportRow`) and reports the others. Deterministic: the
   * same rows applied again write the same items, so a page of an import can be re-done after a crash.
   */
  async function applyEnterpriseRows(principal: Principal, rows: ImportParse<Enterprise>["rows"]) {
    const before = await stored(rows.map((r) => r.value.creditCode));
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
    await writeEnterprises(accepted, before, () => failpoint("import-filings-written"));
    return { imported, updated, rejected };
  }

  async function stored(creditCodes: string[]): Promise<Map<string, Enterprise>> {
    return new Map((await catalogue.getEnterprises(creditCodes)).map((e) => [e.creditCode, e]));
  }

  /**
   * Bytes as uploaded (UTF-8 or GBK) to rows, line errors and warnings; nothing is written. The file is
   * parsed once; a row's departments are then checked against the departments of the inspectors of each
   * county the file names.
   */
  async function parseEnterpriseFile(csv: string | Uint8Array): Promise<ImportParse<Enterprise>> {
    return parseEnterpriseCsvFor(csv, async (counties) => {
      const departments = new Map<string, string[]>();
      await inParallel(counties, 8, async (county) => {
        const inspectors = await catalogue.officialsOf(county, "inspector");
        departments.set(
          county,
          inspectors.map((o) => o.department),
        );
      });
      return { departmentsOf: (county) => departments.get(county) ?? [] };
    });
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
      const { created, updated, mobileChanged } = await catalogue.putOfficials(accepted.map((r) => r.value));
      const at = clock.now().toISOString();
      for (const { official, from } of mobileChanged) {
        await catalogue.appendOfficialEvent(official.id, {
          at,
          actor: { sub: principal.sub, role: principal.role, jurisdiction: principal.jurisdiction },
          what: "mobile changed",
          details: { from, to: official.mobile },
        });
      }
      return {
        imported: created.length,
        updated: updated.length,
        rejected: rejected.sort((a, b) => a.line - b.line),
        warnings: parsed.warnings,
      };
    },

    /** Loads a whole catalogue (demo data, simulator) as the system itself, without a caller. */
    async load(enterprises: Enterprise[], officials: Parameters<CatalogueStore["putOfficials"]>[0]) {
      const before = await stored(enterprises.map((e) => e.creditCode));
      const joinedAt = clock.now().toISOString();
      await writeEnterprises(
        enterprises.map((e) => {
          const known = before.get(e.creditCode);
          const joined = e.joinedAt ?? (known ? known.joinedAt : joinedAt);
          return joined ? { ...e, joinedAt: joined } : e;
        }),
        before,
      );
      await catalogue.putOfficials(officials);
    },
  };
}

/** What an import writes of a stored enterprise (the stored item may carry more, e.g. a move's history). */
function profileOf(e: Enterprise): string {
  // The schema writes its keys in one order, so equal profiles serialise equally.
  return JSON.stringify(EnterpriseSchema.parse(e));
}
