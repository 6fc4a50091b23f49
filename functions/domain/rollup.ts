/**
 * Arithmetic on sweep figures: rates with their denominators, roll-ups (a city is the sum of its
 * counties), and rankings with shared ranks. Pure; the bulletin uses the same functions to print.
 */
import type {
  AccidentFigures,
  DepartmentFigures,
  Figures,
  FilingFigures,
  GeneralHazardFigures,
  MajorHazardFigures,
  Rate,
} from "./statistics";

/** part / whole, or null when nothing was owed: never NaN, never a made-up 0 %. */
export function rate(part: number, whole: number): Rate {
  if (whole <= 0) return null;
  return Math.min(1, Math.max(0, part / whole));
}

/** How a person reads a rate: "87.5%", and "—" when there was nothing to divide by. */
export function formatRate(value: Rate | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}

export function emptyFiling(): FilingFigures {
  return {
    active: 0,
    onTime: 0,
    late: 0,
    missing: 0,
    filingRate: null,
    onTimeRate: null,
    zeroInspectionReports: 0,
    zeroHazardReports: 0,
    tracked: 0,
  };
}

export function emptyGeneral(): GeneralHazardFigures {
  return {
    found: 0,
    rectified: 0,
    rectifiedOfFound: 0,
    rectifiedOnTime: 0,
    rectificationRate: null,
    openAtEnd: 0,
    overdueAtEnd: 0,
  };
}

export function emptyMajor(): MajorHazardFigures {
  return {
    found: 0,
    delisted: 0,
    delistedOfFound: 0,
    delistedOnTime: 0,
    rectificationRate: null,
    openAtEnd: 0,
    withPlan: 0,
    withPlanAllFive: 0,
    listed: { county: 0, city: 0, province: 0 },
    listedAtEnd: { county: 0, city: 0, province: 0 },
    overdueAtEnd: 0,
    escalated: 0,
    planFundsYuan: 0,
    fundsSpentYuan: 0,
  };
}

export function emptyAccidents(): AccidentFigures {
  return {
    investigating: 0,
    investigationOverdue: 0,
    evaluationsInWindow: 0,
    evaluationsOverdue: 0,
    evaluationsDone: 0,
  };
}

export function emptyFigures(): Figures {
  return {
    filing: emptyFiling(),
    hazards: { general: emptyGeneral(), major: emptyMajor() },
    accidents: emptyAccidents(),
  };
}

export function emptyDepartmentFigures(): DepartmentFigures {
  return { filing: emptyFiling(), hazards: { general: emptyGeneral(), major: emptyMajor() } };
}

/** Recomputes every rate from the counts beside it (after counting or summing). */
export function withRates<T extends DepartmentFigures>(f: T): T {
  f.filing.filingRate = rate(f.filing.onTime + f.filing.late, f.filing.active);
  f.filing.onTimeRate = rate(f.filing.onTime, f.filing.active);
  f.hazards.general.rectificationRate = rate(f.hazards.general.rectifiedOfFound, f.hazards.general.found);
  f.hazards.major.rectificationRate = rate(f.hazards.major.delistedOfFound, f.hazards.major.found);
  return f;
}

/** Adds the counts of `from` into `into` (rates are skipped: recompute them with `withRates`). */
function addCounts(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    const target = into[key];
    if (typeof value === "number" && typeof target === "number") {
      if (!key.endsWith("Rate")) into[key] = roundYuan(target + value);
    } else if (value && typeof value === "object" && target && typeof target === "object") {
      addCounts(target as Record<string, unknown>, value as Record<string, unknown>);
    }
  }
}

/** Sums in yuan stay exact to the fen: floating addition of amounts would drift in the last digits. */
function roundYuan(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The sum of several jurisdictions' figures, rates recomputed from the summed counts (not averaged). */
export function sumFigures(parts: Figures[]): Figures {
  const total = emptyFigures();
  for (const part of parts) addCounts(total, part);
  return withRates(total);
}

export function sumDepartmentFigures(parts: DepartmentFigures[]): DepartmentFigures {
  const total = emptyDepartmentFigures();
  for (const part of parts) addCounts(total, part);
  return withRates(total);
}

export type Ranked<T> = { item: T; rank: number | null };

/**
 * Standard competition ranking ("1224"): equal values share a rank and the next rank skips. Items whose
 * value is null (a rate with nothing to divide) are not ranked and come last, in their given order.
 * `order: "desc"` ranks the highest value first (filing rates), `"asc"` the lowest (overdue counts).
 */
export function rank<T>(
  items: readonly T[],
  value: (item: T) => number | null,
  order: "desc" | "asc" = "desc",
): Ranked<T>[] {
  const valued = items
    .map((item, index) => ({ item, index, v: value(item) }))
    .filter((x): x is { item: T; index: number; v: number } => x.v !== null && !Number.isNaN(x.v));
  valued.sort((a, b) => (order === "desc" ? b.v - a.v : a.v - b.v) || a.index - b.index);
  const ranked: Ranked<T>[] = [];
  valued.forEach((x, i) => {
    const previous = valued[i - 1];
    const shared = previous !== undefined && previous.v === x.v;
    ranked.push({ item: x.item, rank: shared ? (ranked[i - 1]?.rank ?? i + 1) : i + 1 });
  });
  const unranked = items.filter((item) => {
    const v = value(item);
    return v === null || Number.isNaN(v);
  });
  return [...ranked, ...unranked.map((item) => ({ item, rank: null }))];
}
