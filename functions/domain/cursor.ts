import type { z } from "zod";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";

/**
 * Positions across several store queries (a listing over statuses), kept by the domain: base64url JSON,
 * validated against a bounded schema when read back. The HTTP edge seals it before a caller sees it; a
 * position that does not fit is a 400 naming the parameter. (btoa/atob keep the domain free of Node.)
 */
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  const refuse = () =>
    new InvalidInput(said("http.next_token_invalid"), [
      { path: "query.nextToken", message: message("field.next_token") },
    ]);
  if (cursor.length > 2000) throw refuse();
  let raw: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    raw = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw refuse();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw refuse();
  return parsed.data;
}
