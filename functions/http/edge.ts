import { InvalidInput, UnsupportedMediaType } from "../domain/errors";

/** How many field problems an error lists at most, and how long any echoed text may be. */
export const MAX_FIELD_PROBLEMS = 20;
const MAX_ECHO = 200;

/** A short excerpt of text that may hold the caller's input: errors never echo more than this. */
export function excerpt(text: string, max = MAX_ECHO): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join("")}…`;
}

/**
 * Path parameters decoded once, safely: a malformed `%` escape (`/v1/enterprises/%E0%A4%A`) is a 400
 * naming the parameter, after the router has matched the route, never a 500. No parameter of this API
 * legitimately holds a `%`, so a value API Gateway already decoded reads the same.
 */
export function decodePathParameters(
  raw: Record<string, string | undefined> | undefined,
): Record<string, string> | undefined {
  if (!raw) return undefined;
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      throw new InvalidInput(`路径参数 ${name} 含有无效的百分号转义`, [
        { path: `path.${name}`, message: "无效的百分号转义（%XX）" },
      ]);
    }
  }
  return decoded;
}

/**
 * The body's media type must be the route's: `application/json` for JSON routes, `text/csv` for CSV
 * uploads (parameters such as `charset=utf-8` allowed). Anything else, or none, is a 415.
 */
export function checkContentType(
  headers: Record<string, string | undefined> | undefined,
  expected: "application/json" | "text/csv",
): void {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  const type = header.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== expected) {
    throw new UnsupportedMediaType(`此接口只接受 Content-Type: ${expected}`, [
      { path: "header.content-type", message: type ? `不支持 ${excerpt(type, 60)}` : "缺少 Content-Type" },
    ]);
  }
}
