import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";

type Item = Record<string, unknown>;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** BatchWriteItem in chunks of 25, re-sending unprocessed items with backoff until all are written. */
export async function batchPut(
  db: DynamoDBDocumentClient,
  table: string,
  items: Item[],
  parallel = 4,
): Promise<void> {
  const groups = chunks(items, 25);
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      let pending = (groups[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8)
          throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
        if (attempt > 0) await pause(50 * 2 ** attempt);
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, groups.length) }, worker));
}

/** BatchGetItem in chunks of 100; the result holds the items found, in no particular order. */
export async function batchGet(
  db: DynamoDBDocumentClient,
  table: string,
  keys: { pk: string; sk: string }[],
  /** Strongly consistent: what a write before the call put is seen (an existence check before a write). */
  consistent = false,
): Promise<Item[]> {
  const found: Item[] = [];
  for (const group of chunks(keys, 100)) {
    let pending: Record<string, unknown>[] = group;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after retries`);
      if (attempt > 0) await pause(50 * 2 ** attempt);
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } },
        }),
      );
      found.push(...((out.Responses?.[table] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/**
 * A store's page position: base64url JSON of the LastEvaluatedKey (and of any extra position). The HTTP
 * edge seals it before a caller sees it (functions/adapters/page-tokens.ts); decoding still validates it
 * against a bounded schema, so a position can never steer a loop or a query outside its range.
 */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeToken<T>(token: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!token) return undefined;
  if (token.length > MAX_POSITION_LENGTH) throw new TokenError();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw new TokenError();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new TokenError();
  return parsed.data;
}

const MAX_POSITION_LENGTH = 1500;

/** A LastEvaluatedKey of this table: its key attributes only, each a bounded string. */
const KeyPosition = z
  .partialRecord(
    z.enum(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"]),
    z.string().min(1).max(400),
  )
  .refine((key) => "pk" in key && "sk" in key, "a table key");

/** A position across several partitions or shards: which one (an index into a fixed list) and where in it. */
export function partitionPosition(count: number) {
  return z
    .object({
      p: z
        .number()
        .int()
        .min(0)
        .max(Math.max(0, count - 1)),
      k: z.string().max(1000).optional(),
    })
    .strict();
}

/** A position across write shards: which shard and where in it. */
export function shardPosition(count: number) {
  return z
    .object({
      s: z
        .number()
        .int()
        .min(0)
        .max(Math.max(0, count - 1)),
      k: z.string().max(1000).optional(),
    })
    .strict();
}

export class TokenError extends Error {
  constructor() {
    super("nextToken is not a position this store issued");
  }
}

/** One page of a query. */
export async function queryPage(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  nextToken?: string,
): Promise<{ items: Item[]; nextToken?: string }> {
  const start = decodeToken(nextToken, KeyPosition);
  let out: QueryCommandOutput;
  try {
    out = await db.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
  } catch (error) {
    // A well-formed token whose key does not fit this query is still not a token this API issued.
    if (start && (error as Error).name === "ValidationException") throw new TokenError();
    throw error;
  }
  const items = (out.Items ?? []) as Item[];
  return out.LastEvaluatedKey ? { items, nextToken: encodeToken(out.LastEvaluatedKey) } : { items };
}

/** Every item of a query, page after page (for small partitions: calendars, policy layers). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  do {
    const page = await queryPage(db, input, token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token);
  return items;
}

/** Removes the table's key, index and derived filter attributes, leaving the domain object. */
export function stripKeys<T>(item: Item): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _e,
    gsi3sk: _f,
    // Filter attributes derived at write time (a hazard's last escalation), never part of the record.
    escalatedAt: _g,
    type: _t,
    ...rest
  } = item;
  return rest as T;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/**
 * Pages through several queries in order (index partitions, or key prefixes of one partition), filling
 * `limit`; the position remembers which query and where in it, and is validated against their number.
 */
export async function pageAcross(
  db: DynamoDBDocumentClient,
  queries: QueryCommandInput[],
  limit: number,
  nextToken: string | undefined,
): Promise<{ items: Item[]; nextToken?: string }> {
  const position = decodeToken(nextToken, partitionPosition(queries.length)) ?? { p: 0 };
  const items: Item[] = [];
  let p = position.p;
  let inner = position.k;
  while (p < queries.length && items.length < limit) {
    const query = queries[p] as QueryCommandInput;
    const page = await queryPage(db, { ...query, Limit: limit - items.length }, inner);
    items.push(...page.items);
    inner = page.nextToken;
    if (!inner) p++;
  }
  return p < queries.length ? { items, nextToken: encodeToken({ p, k: inner }) } : { items };
}
