type Callback = (error: Error | null, value?: unknown) => void;
type TableDb = {
  get(name: string, cb: Callback): void;
  put(name: string, value: unknown, cb: (error?: Error | null) => void): void;
  del(name: string, cb: (error?: Error | null) => void): void;
};

/**
 * dynalite reads a table's description from LevelDB at the start of every request. Under an import's
 * stream of writes that read is one of the store's dearest (the key sits in an old table file below every
 * newer one; LevelDB has no bloom filter here): about a sixth of its CPU. The description changes only
 * through this store's own CreateTable, UpdateTable and DeleteTable, which write it here; so it is kept
 * in memory (as JSON, each reader parsing its own copy as before) and dropped on every write of it. A read
 * that overlapped a write is not kept.
 */
export function cacheTables(tableDb: TableDb): void {
  const cached = new Map<string, string>();
  let writes = 0;
  let writing = 0;
  const { get, put, del } = tableDb;
  const written = (cb: (error?: Error | null) => void) => (error?: Error | null) => {
    writing--;
    writes++;
    cb(error);
  };
  tableDb.get = (name, cb) => {
    const json = cached.get(name);
    if (json !== undefined) return setImmediate(cb, null, JSON.parse(json));
    const seen = writing === 0 ? writes : -1;
    get.call(tableDb, name, (error, value) => {
      if (!error && value && seen === writes && writing === 0) cached.set(name, JSON.stringify(value));
      cb(error, value);
    });
  };
  tableDb.put = (name, value, cb) => {
    writing++;
    cached.delete(name);
    put.call(tableDb, name, value, written(cb));
  };
  tableDb.del = (name, cb) => {
    writing++;
    cached.delete(name);
    del.call(tableDb, name, written(cb));
  };
}
