/**
 * The compliance sweeps of a simulation, checked against the simulator's own ledger (the plan): every
 * filing figure of every county and department of every period, and every roll-up against the sum of its
 * children. County by county, so a province-sized run never holds all results at once.
 */
import { config } from "../../config";
import { parentJurisdiction } from "../../functions/domain/jurisdiction";
import { emptyFiling, rate, sumFigures } from "../../functions/domain/rollup";
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

export async function checkSweeps(stack: Stack, plan: Plan) {
  const mismatches: string[] = [];
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
      compare(`${code} ${p.period}`, stored.figures.filing, ledgerFiling(plan, enterprises, i), mismatches);
      figuresChecked += 9;
      const departments = new Map<string, EnterprisePlan[]>();
      for (const e of enterprises) {
        const d = e.enterprise.supervisingDepartment;
        departments.set(d, [...(departments.get(d) ?? []), e]);
      }
      for (const [d, members] of departments) {
        const row = stored.departments.find((r) => r.department === d);
        compare(`${code} ${d} ${p.period}`, row?.figures.filing, ledgerFiling(plan, members, i), mismatches);
        figuresChecked += 9;
      }
    }
    for (const code of [...parents, ...grandparents]) {
      const stored = await stack.deps.sweeps.getResult(code, p.period);
      if (!stored) {
        mismatches.push(`${code} ${p.period}: no rolled-up result`);
        continue;
      }
      figuresChecked += checkRollUp(stored, mismatches);
      const members = plan.enterprises.filter((e) => isUnder(e.enterprise.countyCode, code));
      compare(`${code} ${p.period}`, stored.figures.filing, ledgerFiling(plan, members, i), mismatches);
      figuresChecked += 9;
    }
  }
  return { mismatches, figuresChecked, itemsRead, itemsReported, sweepsRunAfterSpan: sweepsRun, sweepMs };
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
