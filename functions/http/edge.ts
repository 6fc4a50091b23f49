import { InvalidInput, UnsupportedMediaType } from "../domain/errors";
import { message, said } from "../domain/messages";

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
      throw new InvalidInput(said("http.path_escape_invalid", { name }), [
        { path: `path.${name}`, message: message("field.percent_escape") },
      ]);
    }
  }
  return decoded;
}

/**
 * The body's media type must be one of the route's: `application/json` for JSON routes, `text/csv` or a
 * `multipart/form-data` upload for CSV files (parameters such as `charset=utf-8` allowed). Anything else,
 * or none, is a 415.
 */
export function checkContentType(
  headers: Record<string, string | undefined> | undefined,
  expected: readonly ("application/json" | "text/csv" | "multipart/form-data")[],
): void {
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  const type = header.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(expected as readonly string[]).includes(type)) {
    throw new UnsupportedMediaType(said("http.unsupported_media_type", { expected: expected.join(" 或 ") }), [
      {
        path: "header.content-type",
        message: type
          ? message("field.content_type_unsupported", { type: excerpt(type, 60) })
          : message("field.content_type_missing"),
      },
    ]);
  }
}
