/**
 * FNV-1a, 32-bit. Used where a stable, evenly spread number is needed from a string: the write shard of
 * an enterprise and the short id of a message. Not for security.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The write shard of a subject: spreads one period's records over several index partitions. */
export function shardOf(id: string, shards: number): number {
  return fnv1a(id) % shards;
}

/** A 16-hex-digit id derived from a key (two independent FNV passes). */
export function shortId(key: string): string {
  const a = fnv1a(key).toString(16).padStart(8, "0");
  const b = fnv1a(key, 0x01234567).toString(16).padStart(8, "0");
  return a + b;
}
