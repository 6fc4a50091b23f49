/**
 * The compliance sweeps of a simulation, checked against the simulator's own ledger (the plan): every
 * filing figure of every county and department of every period, and every roll-up against the sum of its
 * children. County by county, so a province-sized run never holds all results at once.
 */
import { config } from "../../config";
import { jurisdictionLevel, jurisdictionName, parentJurisdiction } from "../../functions/domain/jurisdiction";
import { emptyFiling, rank, rate, sumFigures } from "../../functions/domain/rollup";
import type { FilingFigures, SweepResult } from "../../functions/domain/statistics";
import { SWEEP_WORKFLOW } from "../../functions/domain/sweep-service";
import type { Stack } from "../stack";
import { type EnterprisePlan, expectedStreak, latestBefore, type Plan } from "./plan";

const HOUR_MS = 3_600_000;

/** When the scheduled sweep of a period runs: an hour after its close (config `sweep.at` is 01:00). */
function sweepInstant(close: Date): Date {
  const [h, m] = config.sweep.at.split(":").map(Number);
  return new Date(close.getTime() + (h ?? 0) * HOUR_MS + (m ?? 0) * 60_000);
}

/** The filing figures the plan says a group of enterprises has for period `i` at the sweep. */
function ledgerFiling(plan: Plan, enterprises: EnterprisePlan[], i: number): FilingFigures {
  const p = plan.periods[i];
  const f = emptyFiling();
  if (!p) return f;
  const sweepAt = sweepInstant(p.close);
  for (const e of enterprises) {
    const ep = e.periods[i];
    if (!ep) continue;
    f.active++;
    const first = [...ep.events].sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    if (first && first.at < p.close) f.onTime++;
    else if (first && first.at < sweepAt) f.late++;
    else {
      f.missing++;
      if (expectedStreak(plan, e, i) >= plan.obligation.digest.trackAfterMissed) f.tracked++;
    }
    const latest = latestBefore(ep, sweepAt);
    if (latest?.selfInspections === 0) f.zeroInspectionReports++;
    if (latest && latest.hazardsGeneral === 0) f.zeroHazardReports++;
  }
  f.filingRate = rate(f.onTime + f.late, f.active);
  f.onTimeRate = rate(f.onTime, f.active);
  return f;
}

function compare(where: string, stored: FilingFigures | undefined, ledger: FilingFigures, out: string[]) {
  for (const key of Object.keys(ledger) as (keyof FilingFigures)[]) {
    if (stored?.[key] !== ledger[key]) {
      out.push(`${where}: filing.${key} stored ${stored?.[key]} ≠ ledger ${ledger[key]}`);
    }
  }
}

/** The bulletins drafted by the sweeps: how many, their render sizes and times. */
export type BulletinTally = {
  made: number;
  figuresChecked: number;
  pdfBytes: number;
  xlsxBytes: number;
  renderMs: number;
  maxPdfBytes: number;
};

const FILING_COLUMNS = ["active", "onTime", "late", "missing", "filingRate", "onTimeRate"] as const;

/**
 * A bulletin's figures and its filing table against the ledger: the total row and its overview figures
 * against the jurisdiction's, each ranked row (a county's departments, a city's counties, a province's
 * cities) against that group's, and each rank against the ranking of the ledger's own rates.
 */
async function checkBulletin(
  stack: Stack,
  code: string,
  period: string,
  ledger: FilingFigures,
  parts: Map<string, FilingFigures>,
  tally: BulletinTally,
  out: string[],
) {
  const bulletin = (await stack.deps.bulletins.versions(code, period)).at(-1);
  // Only jurisdictions with a 安委办 on file get a bulletin; every simulated one has one.
  if (!bulletin) {
    out.push(`${code} ${period}: no bulletin`);
    return;
  }
  tally.made++;
  tally.pdfBytes += bulletin.files.pdf.bytes;
  tally.xlsxBytes += bulletin.files.xlsx.bytes;
  tally.maxPdfBytes = Math.max(tally.maxPdfBytes, bulletin.files.pdf.bytes);
  tally.renderMs += bulletin.renderMs.pdf + bulletin.renderMs.xlsx;
  const where = `bulletin ${bulletin.id}`;
  compare(where, bulletin.figures.filing, ledger, out);
  tally.figuresChecked += 9;
  const filing = bulletin.document.tables.find((t) => t.key === "filing");
  if (!filing) {
    out.push(`${where}: no filing table`);
    return;
  }
  const cells = (f: FilingFigures) => FILING_COLUMNS.map((k) => f[k]);
  const check = (label: string, row: unknown[] | undefined, expected: unknown[]) => {
    expected.forEach((value, i) => {
      tally.figuresChecked++;
      if (row?.[i] !== value)
        out.push(`${where} ${label}: column ${i} printed ${row?.[i]} ≠ ledger ${value}`);
    });
  };
  check("合计", filing.total?.slice(2), cells(ledger));
  const expectedRanks = new Map(
    rank([...parts.entries()], ([, f]) => f.filingRate).map((r) => [r.item[0], r.rank]),
  );
  if (filing.rows.length !== parts.size)
    out.push(`${where}: ${filing.rows.length} ranked rows ≠ ledger ${parts.size}`);
  for (const row of filing.rows) {
    const name = String(row[1]);
    const f = parts.get(name);
    if (!f) {
      out.push(`${where}: row ${name} not in the ledger`);
      continue;
    }
    check(name, row.slice(2), cells(f));
    tally.figuresChecked++;
    if (row[0] !== expectedRanks.get(name))
      out.push(`${where} ${name}: rank ${row[0]} ≠ ledger ${expectedRanks.get(name)}`);
  }
}

export async function checkSweeps(stack: Stack, plan: Plan) {
  const mismatches: string[] = [];
  const bulletins: BulletinTally = {
    made: 0,
    figuresChecked: 0,
    pdfBytes: 0,
    xlsxBytes: 0,
    renderMs: 0,
    maxPdfBytes: 0,
  };
  let figuresChecked = 0;
  let itemsRead = 0;
  let itemsReported = 0;
  let sweepsRun = 0;
  let sweepMs = 0;
  const counties = new Map<string, EnterprisePlan[]>();
  for (const e of plan.enterprises) {
    const list = counties.get(e.enterprise.countyCode) ?? [];
    list.push(e);
    counties.set(e.enterprise.countyCode, list);
  }
  const codes = [...counties.keys()].sort();
  const above = (list: string[]) =>
    list.map((c) => parentJurisdiction(c)).filter((c): c is string => c !== undefined);
  const parents = [...new Set(above(codes))];
  const grandparents = [...new Set(above(parents))].filter((c) => !parents.includes(c));

  for (const [i, p] of plan.periods.entries()) {
    // A period whose scheduled sweep lies past the simulated span is swept here, as an admin would ask.
    if (!(await stack.deps.sweeps.getResult(codes[0] as string, p.period))) {
      const began = performance.now();
      await stack.runner.run(SWEEP_WORKFLOW, {
        phase: "sweep",
        period: p.period,
        scheduledTime: sweepInstant(p.close).toISOString(),
      });
      sweepMs += performance.now() - began;
      sweepsRun++;
    }
    for (const code of codes) {
      const stored = await stack.deps.sweeps.getResult(code, p.period);
      const enterprises = counties.get(code) ?? [];
      if (!stored) {
        mismatches.push(`${code} ${p.period}: no stored result`);
        continue;
      }
      itemsRead += stored.itemsRead;
      itemsReported += stored.itemsReported;
      const ledger = ledgerFiling(plan, enterprises, i);
      compare(`${code} ${p.period}`, stored.figures.filing, ledger, mismatches);
      figuresChecked += 9;
      const departments = new Map<string, EnterprisePlan[]>();
      for (const e of enterprises) {
        const d = e.enterprise.supervisingDepartment;
        const members = departments.get(d);
        if (members) members.push(e);
        else departments.set(d, [e]);
      }
      const byDepartment = new Map<string, FilingFigures>();
      for (const [d, members] of departments) {
        const row = stored.departments.find((r) => r.department === d);
        const departmentLedger = ledgerFiling(plan, members, i);
        byDepartment.set(d, departmentLedger);
        compare(`${code} ${d} ${p.period}`, row?.figures.filing, departmentLedger, mismatches);
        figuresChecked += 9;
      }
      await checkBulletin(stack, code, p.period, ledger, byDepartment, bulletins, mismatches);
    }
    for (const code of [...parents, ...grandparents]) {
      const stored = await stack.deps.sweeps.getResult(code, p.period);
      if (!stored) {
        mismatches.push(`${code} ${p.period}: no rolled-up result`);
        continue;
      }
      figuresChecked += checkRollUp(stored, mismatches);
      const members = plan.enterprises.filter((e) => isUnder(e.enterprise.countyCode, code));
      const ledger = ledgerFiling(plan, members, i);
      compare(`${code} ${p.period}`, stored.figures.filing, ledger, mismatches);
      figuresChecked += 9;
      // The children the bulletin ranks: the counties or cities right below it that hold enterprises.
      const children = new Map<string, FilingFigures>();
      for (const child of stored.children) {
        const county = jurisdictionLevel(child.jurisdiction) === "county";
        const under = plan.enterprises.filter((e) =>
          county
            ? e.enterprise.countyCode === child.jurisdiction
            : isUnder(e.enterprise.countyCode, child.jurisdiction),
        );
        children.set(jurisdictionName(child.jurisdiction), ledgerFiling(plan, under, i));
      }
      await checkBulletin(stack, code, p.period, ledger, children, bulletins, mismatches);
    }
  }
  return {
    mismatches,
    figuresChecked,
    itemsRead,
    itemsReported,
    sweepsRunAfterSpan: sweepsRun,
    sweepMs,
    bulletins,
  };
}

function isUnder(county: string, code: string): boolean {
  return code.endsWith("0000") ? county.startsWith(code.slice(0, 2)) : county.startsWith(code.slice(0, 4));
}

/** Every count of a roll-up equals the sum of its children's (accident cases of its own aside). */
function checkRollUp(stored: SweepResult, out: string[]): number {
  const sum = sumFigures(stored.children.map((c) => c.figures));
  let checked = 0;
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(b)) {
      // A city's or province's own accident cases are added to its counties' sum.
      if (path === "" && key === "accidents") continue;
      const mine = a[key];
      if (typeof value === "number" || value === null) {
        checked++;
        if (mine !== value)
          out.push(`${stored.jurisdiction} ${stored.period}: ${path}${key} ${mine} ≠ Σ ${value}`);
      } else if (value && typeof value === "object") {
        walk(mine as Record<string, unknown>, value as Record<string, unknown>, `${path}${key}.`);
      }
    }
  };
  walk(stored.figures as never, sum as never, "");
  return checked;
}
