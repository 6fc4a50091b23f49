import { randomBytes } from "node:crypto";
import type { Clock } from "../domain/ports";

/**
 * Subject ids: a prefix, the Shanghai date of creation and 8 random base32 characters, e.g.
 * HZ-20261125-7KQ2M9XA — readable on a phone call, sortable by day, unguessable enough for a URL.
 */
export function createIds(clock: Clock) {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return {
    next(prefix: string): string {
      const day = new Date(clock.now().getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll("-", "");
      const random = [...randomBytes(8)].map((b) => alphabet[b % 32]).join("");
      return `${prefix}-${day}-${random}`;
    },
  };
}
