import { InvalidInput } from "./errors";
import { message, said } from "./messages";

/**
 * Page cursors handed to API callers: base64url JSON. Opaque to callers; a tampered one is a 400 that
 * names the parameter. (btoa/atob keep the domain free of Node built-ins.)
 */
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as T;
  } catch {
    throw new InvalidInput(said("http.next_token_invalid"), [
      { path: "query.nextToken", message: message("field.next_token") },
    ]);
  }
}
