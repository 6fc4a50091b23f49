/**
 * Named points where a crash hurts most. Production code calls `failpoint(name)` at each; nothing happens
 * unless a runtime installed a trap — only the local runtime does (`local/failpoints.ts`, from
 * `DUBAN_FAILPOINTS` or `POST /_local/failpoints`), so on AWS every point is inert.
 */
export const FAILPOINTS = {
  "subject-written": "after a subject's change is written, before its effects are applied",
  "timer-set": "after each durable timer of a change is set",
  "outbox-enqueued": "after a change's messages are written to the outbox, before the dispatcher is woken",
  "outbox-claimed": "inside the dispatcher, after a message is claimed, before it is handed to the provider",
  "provider-answered":
    "inside the dispatcher, between a provider's answer and the write of the message's status",
  "receipt-applied": "after a receipt marked an SMS undelivered, before its fallback email is enqueued",
  "cycle-page": "inside one page of a filing cycle's Map (after the page's first messages)",
  reconciler: "inside the effects reconciler, after applying a subject's effects, before clearing them",
  "import-filings-written":
    "inside an import page, after its enterprises' filings are written, before their profiles",
  "import-page-applied":
    "after an import page's filings and profiles are written, before its result is saved",
  "bulletin-issued": "after a bulletin's issued state (with its deliveries) is written, before they are sent",
} as const;

export type FailpointName = keyof typeof FAILPOINTS;

let trap: ((name: FailpointName) => void) | undefined;

export function failpoint(name: FailpointName): void {
  trap?.(name);
}

/** Installs the one trap of this process (the local runtime); `undefined` removes it. */
export function installFailpointTrap(handler: ((name: FailpointName) => void) | undefined): void {
  trap = handler;
}
