/** Calendar reckoning in Asia/Shanghai (UTC+8, no daylight saving), from the system's clock (GET /v1/me). */
const SHANGHAI_MS = 8 * 60 * 60 * 1000;

export function shanghaiDate(iso: string): string {
  return new Date(new Date(iso).getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
}

export function periodOf(iso: string): string {
  return shanghaiDate(iso).slice(0, 7);
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export function nextPeriod(period: string): string {
  const [y, m] = period.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `now` to `iso` (negative once past), counted in Shanghai calendar days. */
export function daysUntil(now: string, iso: string): number {
  const a = Date.parse(`${shanghaiDate(now)}T00:00:00Z`);
  const b = Date.parse(`${iso.length === 10 ? iso : shanghaiDate(iso)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** A local date as the API takes an instant for it: that day at 09:00 Beijing time. */
export function instantOf(date: string, time = "09:00"): string {
  return `${date}T${time}:00+08:00`;
}
