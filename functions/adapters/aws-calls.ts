/**
 * Counts AWS SDK calls per service and operation. The simulator prints the counts and prices them; on
 * Lambda the counter is harmless (a few map increments per call).
 */
const counts = new Map<string, number>();

type Stackable = {
  middlewareStack: {
    add: (
      mw: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; name: string },
    ) => void;
  };
};

export function countCalls<T>(client: T): T {
  (client as unknown as Stackable).middlewareStack.add(
    (next, context) => async (args) => {
      const name = `${(context.clientName ?? "Unknown").replace(/Client$/, "")}.${(context.commandName ?? "Unknown").replace(/Command$/, "")}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "dubanCallCounter" },
  );
  return client;
}

export function callCounts(): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function resetCallCounts(): void {
  counts.clear();
}
