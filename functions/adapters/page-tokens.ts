import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import * as z from "zod";
import type { Clock, PageTokens } from "../domain/ports";

/**
 * Page tokens as AES-256-GCM: the sealed text is `{v, pos, iat}` (the store's position and when it was
 * issued), the binding (caller and query) is additional authenticated data. Without the deployment key a
 * token can be neither read nor made; a token opened with another binding, or changed by one bit, fails
 * authentication. A token lives `lifetimeSeconds` (24 h by default) from its issue: a link kept for days
 * does not page through data that has long moved on, and a leaked token stops working.
 *
 * Layout (base64url): version byte · 12-byte nonce · ciphertext · 16-byte tag.
 */
const VERSION = 2;
/** How long a page token opens after it was issued. */
export const PAGE_TOKEN_LIFETIME_SECONDS = 24 * 3600;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** A store's position is a few hundred bytes; anything much longer was not made here. */
export const MAX_PAGE_TOKEN_LENGTH = 2048;

const Sealed = z
  .object({ v: z.literal(VERSION), pos: z.string().min(1).max(1500), iat: z.number().int().min(0) })
  .strict();

/** The token key from a deployment secret (the local secret, or the AWS Secrets Manager value). */
export function pageTokenKey(secret: Uint8Array | string): Buffer {
  const material = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
  if (material.length < 16) throw new Error("the page-token secret must hold at least 16 bytes");
  return Buffer.from(hkdfSync("sha256", material, "duban", "page tokens v1", 32));
}

const aadOf = (binding: string) => createHash("sha256").update(binding, "utf8").digest();

export function createPageTokens(
  key: Buffer,
  clock: Clock,
  lifetimeSeconds = PAGE_TOKEN_LIFETIME_SECONDS,
): PageTokens {
  if (key.length !== 32) throw new Error("a page-token key has 32 bytes");
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    seal(position, binding) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, nonce);
      cipher.setAAD(aadOf(binding));
      const plain = Buffer.from(JSON.stringify({ v: VERSION, pos: position, iat: nowSeconds() }), "utf8");
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]).toString("base64url");
    },
    open(token, binding) {
      const invalid = { ok: false, reason: "invalid" } as const;
      if (token.length > MAX_PAGE_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return invalid;
      const raw = Buffer.from(token, "base64url");
      if (raw.length < 1 + NONCE_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION) return invalid;
      const nonce = raw.subarray(1, 1 + NONCE_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      const body = raw.subarray(1 + NONCE_BYTES, raw.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(aadOf(binding));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
        const parsed = Sealed.safeParse(JSON.parse(plain));
        if (!parsed.success) return invalid;
        // Issued in the future is no more valid than expired: both say the token is not this clock's.
        const age = nowSeconds() - parsed.data.iat;
        if (age > lifetimeSeconds || age < -60) return { ok: false, reason: "expired" };
        return { ok: true, position: parsed.data.pos };
      } catch {
        return invalid;
      }
    },
  };
}
