import { createRequire } from "node:module";

/**
 * Batches as batches in dynalite (the local store). Its BatchWriteItem runs a whole PutItem per request (two reads of the table's description, a
 * read of the old item, one LevelDB write): 25 items cost some 75 calls into LevelDB, and an import of
 * 50,000 enterprises writes a quarter of a million items. This one does what DynamoDB promises for a batch
 * — each item written whole with its index entries, no conditions — with one read of the table, one
 * `getMany` of the old items and one LevelDB batch for all 25 (a batch is applied whole or not at all, so
 * an item and its index entries still cannot part). Each item's JSON is made once and stored as is for the
 * item and each index entry (every index projects ALL). Requests that ask for consumed capacity or item
 * collection metrics go to dynalite's own action. BatchGetItem likewise reads the table once and the items
 * with one `getMany` (without projections or consumed capacity; those go to dynalite's own).
 */

type Callback = (error?: Error | null, result?: unknown) => void;
type AttributeMap = Record<string, unknown>;
type Request = { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } };
type Table = { TableName: string; GlobalSecondaryIndexes?: unknown[]; LocalSecondaryIndexes?: unknown[] };
type Operation = { type: "put" | "del"; key: string; value?: string; valueEncoding?: "utf8" };
type Store = {
  db: {
    getMany(keys: string[]): Promise<(AttributeMap | undefined)[]>;
    batch(ops: Operation[], cb: Callback): void;
  };
  getTable(name: string, cb: (error: Error | null, table: Table) => void): void;
  getItemDb(name: string): {
    lock(keys: string[], exec: (release: (cb: Callback) => Callback) => void): void;
  };
};
type DynaliteDb = {
  validateItem(item: AttributeMap, table: Table): Error | undefined;
  validateKey(key: AttributeMap, table: Table): Error | undefined;
  validationError(message: string): Error;
  itemSize(item: AttributeMap): number;
  createKey(item: AttributeMap, table: Table): string;
  getIndexActions(
    indexes: unknown[],
    existing: AttributeMap | undefined,
    item: AttributeMap | undefined,
    table: Table,
  ): {
    puts: { index: string; key: string; item: AttributeMap }[];
    deletes: { index: string; key: string }[];
  };
};
type Action<D> = (store: Store, data: D, cb: Callback) => void;
type GetData = {
  RequestItems: Record<string, { Keys: AttributeMap[]; AttributesToGet?: unknown; _projection?: unknown }>;
  ReturnConsumedCapacity?: string;
};
type BatchData = {
  RequestItems: Record<string, Request[]>;
  ReturnConsumedCapacity?: string;
  ReturnItemCollectionMetrics?: string;
};

const require = createRequire(import.meta.url);

/** Puts these actions in the place of dynalite's, before dynalite's server module loads its actions. */
export function installBatches(): void {
  const db = require("dynalite/db") as DynaliteDb;
  replaceAction<BatchData>("batchWriteItem", (original) => (store, data, cb) => {
    if (data.ReturnConsumedCapacity || data.ReturnItemCollectionMetrics) return original(store, data, cb);
    const tables = Object.entries(data.RequestItems);
    let left = tables.length;
    let failed = false;
    for (const [name, requests] of tables) {
      writeTable(db, store, name, requests, (error) => {
        if (failed) return;
        if (error) {
          failed = true;
          return cb(error);
        }
        if (--left === 0) cb(null, { UnprocessedItems: {} });
      });
    }
  });
  replaceAction<GetData>("batchGetItem", (original) => (store, data, cb) => {
    const tables = Object.entries(data.RequestItems);
    if (data.ReturnConsumedCapacity || tables.some(([, r]) => r.AttributesToGet || r._projection)) {
      return original(store, data, cb);
    }
    readTables(db, store, tables, cb);
  });
}

function replaceAction<D>(name: string, make: (original: Action<D>) => Action<D>) {
  const path = require.resolve(`dynalite/actions/${name}`);
  const original = require(path) as Action<D> & { replaced?: true };
  const cached = require.cache[path];
  if (!cached || original.replaced) return;
  const replacement: Action<D> & { replaced?: true } = make(original);
  replacement.replaced = true;
  cached.exports = replacement;
}

/** Like DynamoDB, at most about 16 MB of items in one answer; the rest come back as unprocessed keys. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

function readTables(
  db: DynaliteDb,
  store: Store,
  tables: [string, { Keys: AttributeMap[] }][],
  cb: Callback,
) {
  const res = {
    Responses: {} as Record<string, AttributeMap[]>,
    UnprocessedKeys: {} as Record<string, { Keys: AttributeMap[] }>,
  };
  let size = 0;
  const next = (t: number): void => {
    const entry = tables[t];
    if (!entry) {
      cb(null, res);
      return;
    }
    const [name, request] = entry;
    store.getTable(name, (error, table) => {
      if (error) return cb(error);
      const keys: string[] = [];
      for (const key of request.Keys) {
        const invalid = db.validateKey(key, table);
        if (invalid) return cb(invalid);
        keys.push(`item-${name}~${db.createKey(key, table)}`);
      }
      // dynalite's own validation refuses these before; the front door (dynalite-front.ts) leaves it here.
      if (new Set(keys).size !== keys.length) {
        return cb(db.validationError("Provided list of item keys contains duplicates"));
      }
      store.db.getMany(keys).then(
        (items) => {
          const found: AttributeMap[] = [];
          items.forEach((item, i) => {
            if (!item) return;
            size += db.itemSize(item);
            if (size > MAX_ANSWER_BYTES) {
              res.UnprocessedKeys[name] ??= { Keys: [] };
              res.UnprocessedKeys[name].Keys.push(request.Keys[i] as AttributeMap);
            } else found.push(item);
          });
          res.Responses[name] = found;
          next(t + 1);
        },
        (e: Error) => cb(e),
      );
    });
  };
  next(0);
}

function writeTable(db: DynaliteDb, store: Store, name: string, requests: Request[], cb: Callback) {
  store.getTable(name, (error, table) => {
    if (error) return cb(error);
    const keys: string[] = [];
    for (const request of requests) {
      const item = request.PutRequest?.Item;
      const key = request.DeleteRequest?.Key;
      const invalid = item ? db.validateItem(item, table) : key ? db.validateKey(key, table) : undefined;
      if (invalid) return cb(invalid);
      keys.push(db.createKey((item ?? key) as AttributeMap, table));
    }
    if (new Set(keys).size !== keys.length) {
      return cb(db.validationError("Provided list of item keys contains duplicates"));
    }
    store.getItemDb(name).lock(keys, (release) => {
      const done = release(cb);
      const itemKey = (key: string) => `item-${name}~${key}`;
      store.db.getMany(keys.map(itemKey)).then(
        (existing) => store.db.batch(operations(db, table, requests, keys, existing), (e) => done(e)),
        (e: Error) => done(e),
      );
    });
  });
}

function operations(
  db: DynaliteDb,
  table: Table,
  requests: Request[],
  keys: string[],
  existing: (AttributeMap | undefined)[],
): Operation[] {
  const ops: Operation[] = [];
  requests.forEach((request, i) => {
    const item = request.PutRequest?.Item;
    const old = existing[i];
    const json = item ? JSON.stringify(item) : undefined;
    for (const kind of ["Local", "Global"] as const) {
      const indexes = table[`${kind}SecondaryIndexes`] ?? [];
      if (indexes.length === 0) continue;
      const prefix = (index: string) => `index-${kind.toLowerCase()}~${table.TableName}~${index}~`;
      const actions = db.getIndexActions(indexes, old, item, table);
      for (const d of actions.deletes) ops.push({ type: "del", key: prefix(d.index) + d.key });
      for (const p of actions.puts) {
        // Every index of this table projects ALL (the entry is the item); another projection has its own.
        const value = p.item === item ? json : JSON.stringify(p.item);
        ops.push({ type: "put", key: prefix(p.index) + p.key, value, valueEncoding: "utf8" });
      }
    }
    const key = `item-${table.TableName}~${keys[i]}`;
    ops.push(json ? { type: "put", key, value: json, valueEncoding: "utf8" } : { type: "del", key });
  });
  return ops;
}
