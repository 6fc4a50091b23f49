import { parentJurisdiction } from "./jurisdiction";
import type { CatalogueStore, MessageReader, OutboxStore } from "./ports";
import type { Principal } from "./principal";

/**
 * Who may read a message: an enterprise user the messages about its own enterprise (filings, hazards, an
 * accident naming it); an official those about subjects within his jurisdiction. The store chooses them in
 * its key condition: asking about a number shows nothing, not even by a page token, of messages one may
 * not see.
 */
async function readerOf(principal: Principal, catalogue: CatalogueStore): Promise<MessageReader> {
  if (principal.role !== "enterprise") return { jurisdiction: principal.jurisdiction };
  const enterprise = principal.enterprise ? await catalogue.getEnterprise(principal.enterprise) : undefined;
  const scopes: string[] = [];
  for (let code = enterprise?.countyCode; code; code = parentJurisdiction(code)) scopes.push(code);
  return { enterprise: principal.enterprise ?? "", scopes };
}

export function createNotificationQueries(deps: { outbox: OutboxStore; catalogue: CatalogueStore }) {
  return {
    async byRecipient(
      principal: Principal,
      query: { recipient: string; since?: string; limit: number; nextToken?: string },
    ) {
      // Stored times are UTC ISO strings; a caller may give "+08:00", so normalise before comparing.
      const since = query.since ? new Date(query.since).toISOString() : undefined;
      const reader = await readerOf(principal, deps.catalogue);
      const page = await deps.outbox.byRecipient(
        query.recipient,
        reader,
        since,
        query.limit,
        query.nextToken,
      );
      return {
        items: page.items.map((e) => ({
          id: e.id,
          channel: e.channel,
          recipient: e.recipient,
          template: e.template,
          status: e.status,
          subject: e.subject,
          createdAt: e.createdAt,
          ...(e.sentAt ? { sentAt: e.sentAt } : {}),
          ...(e.notBefore && (e.status === "queued" || e.status === "deferred")
            ? { notBefore: e.notBefore }
            : {}),
          attempts: e.attempts,
          ...(e.lastError && e.status !== "sent" && e.status !== "delivered" ? { error: e.lastError } : {}),
          ...(e.delivery ? { delivery: e.delivery } : {}),
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  };
}
