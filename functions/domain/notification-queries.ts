import { isWithin } from "./jurisdiction";
import type { OutboxEntry, OutboxStore } from "./ports";
import type { Principal } from "./principal";

/**
 * Who may read a message: an enterprise user the messages about its own enterprise (filings, hazards, an
 * accident naming it); an official those about subjects within his jurisdiction. Others are left out of the page, not refused, so that asking about a
 * number reveals nothing about messages one may not see.
 */
function mayRead(principal: Principal, entry: OutboxEntry): boolean {
  if (principal.role === "enterprise") return entry.about === principal.enterprise;
  return isWithin(entry.scope, principal.jurisdiction);
}

export function createNotificationQueries(deps: { outbox: OutboxStore }) {
  return {
    async byRecipient(
      principal: Principal,
      query: { recipient: string; since?: string; limit: number; nextToken?: string },
    ) {
      // Stored times are UTC ISO strings; a caller may give "+08:00", so normalise before comparing.
      const since = query.since ? new Date(query.since).toISOString() : undefined;
      const page = await deps.outbox.byRecipient(query.recipient, since, query.limit, query.nextToken);
      return {
        items: page.items
          .filter((e) => mayRead(principal, e))
          .map((e) => ({
            id: e.id,
            channel: e.channel,
            recipient: e.recipient,
            template: e.template,
            status: e.status,
            subject: e.subject,
            createdAt: e.createdAt,
            ...(e.sentAt ? { sentAt: e.sentAt } : {}),
            ...(e.notBefore && e.status !== "sent" ? { notBefore: e.notBefore } : {}),
            attempts: e.attempts,
            ...(e.lastError && e.status !== "sent" ? { error: e.lastError } : {}),
          })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  };
}
