/** "2026-12-02 10:11:12" as providers write it (Beijing time, no zone) → an ISO instant; left as is when unreadable. */
export function beijingInstant(at: string): string {
  const d = new Date(`${at.replace(" ", "T")}+08:00`);
  return Number.isNaN(d.getTime()) ? at : d.toISOString();
}

/** An instant → its Beijing date as "20261202", the day a provider files a send under. */
export function beijingDay(at: string | Date): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, "");
}
