import { Unauthenticated } from "../domain/errors";
import { said } from "../domain/messages";
import type { CatalogueStore } from "../domain/ports";
import type { Principal } from "../domain/principal";

/**
 * How long one function instance trusts a status it read. A token outlives a deactivation (it is signed,
 * not looked up), so every official's call reads the official's record once by key; the few seconds of
 * trust spare that read for the bursts a console page makes (several calls at once), and bound how long
 * another instance may still answer a token after 停用: 5 s, against a token lifetime of hours. In one
 * process (the local stack) a status change forgets the entry at once.
 */
export const IN_OFFICE_TRUST_MS = 5_000;
const MAX_ENTRIES = 1_000;
const seen = new Map<string, { inactive: boolean; until: number }>();

/**
 * An official's token stops working while the official is deactivated (401, like an expired token), and
 * works again once reactivated. Enterprise tokens, and tokens that name no official record (a role token
 * for a jurisdiction, made by `duban token`), are not officials' and pass.
 */
export async function assertInOffice(catalogue: CatalogueStore, principal: Principal): Promise<void> {
  if (principal.role === "enterprise") return;
  // Monotonic real time: how long a read is trusted has nothing to do with the (possibly virtual) clock.
  const now = performance.now();
  let entry = seen.get(principal.sub);
  if (!entry || entry.until <= now) {
    const official = await catalogue.getOfficial(principal.sub);
    entry = { inactive: official?.status === "inactive", until: now + IN_OFFICE_TRUST_MS };
    if (seen.size >= MAX_ENTRIES) seen.clear();
    seen.set(principal.sub, entry);
  }
  if (entry.inactive) throw new Unauthenticated(said("auth.official_inactive"));
}

/** Forgets what this instance read of an official (its status just changed here). */
export function forgetInOffice(officialId: string): void {
  seen.delete(officialId);
}
