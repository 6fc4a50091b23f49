/** Reading delivered messages back: templates as patterns, periods as the texts show them, quiet hours. */

/** "2026-01" → "2026年1月", as the templates show a period. */
export function monthLabel(period: string): string {
  return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A template as a pattern: known parameters must match their value, the others are captured by name. */
export function templatePattern(text: string, known: Record<string, string>): RegExp {
  const seen = new Set<string>();
  let source = "";
  let last = 0;
  for (const m of text.matchAll(/\$\{(\w+)\}/g)) {
    source += escapeRegExp(text.slice(last, m.index));
    const name = m[1] as string;
    const value = known[name];
    if (value !== undefined) source += escapeRegExp(value);
    else if (seen.has(name)) source += "[\\s\\S]*?";
    else {
      seen.add(name);
      source += `(?<${name}>[\\s\\S]*?)`;
    }
    last = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(text.slice(last))}$`);
}

export function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for \${${name}}`);
    return value;
  });
}

/** The `${trackedList}` parameter of the digest template. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the template parameter itself
export const TRACKED_LIST = "${trackedList}";

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function shanghaiMinuteOfDay(iso: string): number {
  const wall = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

export function inQuietHours(iso: string, quiet: { from: string; to: string }): boolean {
  const now = shanghaiMinuteOfDay(iso);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from > to ? now >= from || now < to : now >= from && now < to;
}

/** When an SMS due at `at` is delivered: at once, or at the end of the quiet hours it falls in. */
export function releaseOf(at: Date, quiet: { from: string; to: string }): Date {
  if (!inQuietHours(at.toISOString(), quiet)) return at;
  const minute = shanghaiMinuteOfDay(at.toISOString());
  const wait = (minutesOf(quiet.to) - minute + 24 * 60) % (24 * 60);
  return new Date(at.getTime() + wait * 60_000);
}
