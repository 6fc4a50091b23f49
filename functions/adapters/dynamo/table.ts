/**
 * The single table's shape, read by CDK (to create it on AWS) and by the local runtime (to create it in
 * dynalite): one definition. Access patterns are listed in functions/adapters/README.md.
 */
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

export const TABLE_INDEXES = [
  // Overloaded listing index: enterprises by county, filings by period/status, messages by recipient,
  // officials by jurisdiction and role.
  { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  // Sparse "who still owes something" index: only items that wait for something carry gsi2pk —
  // non-filers of a period, flagged reports, active enterprises, messages waiting to be sent, pending timers.
  { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  // Sweep index: what the compliance sweep of a county reads for a month — its hazards and accident cases
  // not closed before the month began (sort key: the closing month, `~open` while open), by key condition.
  { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
] as const;

export const DEFAULT_TABLE_NAME = "duban";

/** Epoch seconds after which DynamoDB deletes the item: a sent message, after its retention period. */
export const TTL_ATTRIBUTE = "expiresAt";
