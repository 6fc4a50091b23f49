/**
 * Counts AWS SDK calls per service and operation. The simulator prints the counts and prices them; on
 * Lambda the counter is harmless (a few map increments per call).
 */
const counts = new Map<string, number>();
/** Items the DynamoDB calls wrote (a batch write counts its requests): the simulator's store write rate. */
let itemWrites = 0;
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem"]);

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
      const command = (context.commandName ?? "").replace(/Command$/, "");
      if (context.clientName === "DynamoDBClient") itemWrites += writesOf(command, args);
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
  itemWrites = 0;
}

export function itemWriteCount(): number {
  return itemWrites;
}

function writesOf(command: string, args: unknown): number {
  if (WRITES.has(command)) return 1;
  if (command !== "BatchWriteItem") return 0;
  const input = (args as { input?: { RequestItems?: Record<string, unknown[]> } }).input;
  return Object.values(input?.RequestItems ?? {}).reduce((n, requests) => n + requests.length, 0);
}
