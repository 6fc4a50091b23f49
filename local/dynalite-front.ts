import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { crc32 } from "node:zlib";

/**
 * A front door for the two calls an import makes by the thousand (BatchWriteItem, BatchGetItem): dynalite
 * rebuilds every request's whole tree of attribute values to check its types (`checkTypes`), walks it
 * again for the generic constraints (a regular expression compiled per check), converts every number
 * through big.js, concatenates the body chunk by chunk, parses the URL and draws 39 random bytes for the
 * request id: as much of the store's CPU per item as the LevelDB writes themselves.
 *
 * Here a request our adapter sends — the document client's marshalling: plain attribute values, numbers
 * already in their canonical form, 1–25 writes or 1–100 keys, no projection, no consumed capacity — is
 * checked in one walk and handed straight to the batch actions of dynalite-batches.ts, which still check
 * every key against the key schema, the index key types and duplicate keys, and write each item with its
 * index entries in one LevelDB batch. The item size limit (400 KB) is checked here. Anything else — another
 * shape, a number to normalise, a set, binary, a size past the limit, a body that is not JSON — goes to
 * dynalite's own handler unchanged, with the body as it came, so its answers (and errors) are dynalite's.
 */

type AttributeValue = Record<string, unknown>;
type Callback = (error?: (Error & { statusCode?: number; body?: unknown }) | null, result?: unknown) => void;
type Store = { options: { maxItemSize: number } };
type Action = (store: Store, data: unknown, cb: Callback) => void;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const require = createRequire(import.meta.url);
const TARGETS: Record<string, "batchWriteItem" | "batchGetItem"> = {
  "DynamoDB_20120810.BatchWriteItem": "batchWriteItem",
  "DynamoDB_20120810.BatchGetItem": "batchGetItem",
};
/** dynalite's limit on a request body. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
/**
 * A number big.js would write back unchanged (dynalite stores `Big(n).toFixed()`), within DynamoDB's range
 * and 38 digits: no exponent, no leading zeros, no trailing zeros after the point, not "-0".
 */
const CANONICAL_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

let requestIds = 0;

/** Puts the front door before dynalite's request handler on `server`, for the store dynalite created. */
export function installFrontDoor(server: Server, store: Store): void {
  const [original] = server.listeners("request") as Handler[];
  if (!original) throw new Error("dynalite's request handler is missing");
  const db = require("dynalite/db") as { itemSize(item: AttributeValue): number };
  const actions = {
    batchWriteItem: require("dynalite/actions/batchWriteItem") as Action,
    batchGetItem: require("dynalite/actions/batchGetItem") as Action,
  };
  const prefix = `duban-${process.pid}-`;
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const action = TARGETS[String(req.headers["x-amz-target"])];
    const contentType = String(req.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim();
    if (
      !action ||
      req.method !== "POST" ||
      req.headers.origin !== undefined ||
      !String(req.headers.authorization ?? "").startsWith("AWS4-") ||
      (contentType !== "application/x-amz-json-1.0" && contentType !== "application/json") ||
      (req.url ?? "/").includes("?")
    ) {
      return original(req, res);
    }
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    req.on("end", () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
      const data = length <= MAX_REQUEST_BYTES ? parse(body) : undefined;
      const fast =
        data !== undefined &&
        (action === "batchWriteItem" ? wellFormedWrite(data, store, db) : wellFormedGet(data));
      if (!fast) return replay(original, req, res, body);
      res.setHeader("x-amzn-RequestId", prefix + (++requestIds).toString(36));
      actions[action](store, data, (error, result) => {
        if (error?.statusCode) return send(res, contentType, error.body, error.statusCode);
        if (error) throw error;
        send(res, contentType, result, 200);
      });
    });
  });
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The request as it came, to dynalite's own handler. */
function replay(original: Handler, req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const copy = Object.assign(new PassThrough(), {
    headers: req.headers,
    method: req.method,
    url: req.url,
  }) as unknown as IncomingMessage;
  original(copy, res);
  (copy as unknown as PassThrough).end(body);
}

function send(res: ServerResponse, contentType: string | undefined, data: unknown, statusCode: number) {
  const body = Buffer.from(JSON.stringify(data), "utf8");
  res.statusCode = statusCode;
  res.setHeader("x-amz-crc32", crc32(body));
  res.setHeader(
    "Content-Type",
    contentType === "application/json" ? "application/json" : "application/x-amz-json-1.0",
  );
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function onlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
  for (const key in value) if (!allowed.includes(key)) return false;
  return true;
}

function wellFormedWrite(data: unknown, store: Store, db: { itemSize(item: AttributeValue): number }) {
  if (!isObject(data) || !onlyKeys(data, ["RequestItems"]) || !isObject(data.RequestItems)) return false;
  let tables = 0;
  for (const [table, requests] of Object.entries(data.RequestItems)) {
    tables++;
    if (!TABLE_NAME.test(table) || !Array.isArray(requests)) return false;
    if (requests.length < 1 || requests.length > 25) return false;
    for (const request of requests) {
      if (!isObject(request)) return false;
      const keys = Object.keys(request);
      if (keys.length !== 1) return false;
      const inner = request[keys[0] as string];
      if (!isObject(inner)) return false;
      if (keys[0] === "PutRequest") {
        if (!onlyKeys(inner, ["Item"]) || !wellFormedMap(inner.Item)) return false;
        if (db.itemSize(inner.Item as AttributeValue) > store.options.maxItemSize) return false;
      } else if (keys[0] === "DeleteRequest") {
        if (!onlyKeys(inner, ["Key"]) || !wellFormedMap(inner.Key)) return false;
      } else return false;
    }
  }
  return tables > 0;
}

function wellFormedGet(data: unknown) {
  if (!isObject(data) || !onlyKeys(data, ["RequestItems"]) || !isObject(data.RequestItems)) return false;
  let keys = 0;
  let tables = 0;
  for (const [table, request] of Object.entries(data.RequestItems)) {
    tables++;
    if (!TABLE_NAME.test(table) || !isObject(request) || !onlyKeys(request, ["Keys", "ConsistentRead"])) {
      return false;
    }
    if (request.ConsistentRead !== undefined && typeof request.ConsistentRead !== "boolean") return false;
    if (!Array.isArray(request.Keys) || request.Keys.length < 1) return false;
    for (const key of request.Keys) if (!wellFormedMap(key)) return false;
    keys += request.Keys.length;
  }
  return tables > 0 && keys <= 100;
}

function wellFormedMap(map: unknown): boolean {
  if (!isObject(map)) return false;
  for (const name in map) {
    if (name === "" || !wellFormedValue(map[name])) return false;
  }
  return true;
}

/** One attribute value of the kinds the document client writes, already as dynalite would store it. */
function wellFormedValue(value: unknown): boolean {
  if (!isObject(value)) return false;
  let kind: string | undefined;
  for (const key in value) {
    if (kind !== undefined) return false;
    kind = key;
  }
  const inner = kind === undefined ? undefined : value[kind];
  switch (kind) {
    case "S":
      return typeof inner === "string";
    case "N":
      return (
        typeof inner === "string" && inner.length <= 38 && inner !== "-0" && CANONICAL_NUMBER.test(inner)
      );
    case "BOOL":
      return typeof inner === "boolean";
    case "NULL":
      return inner === true;
    case "M":
      return wellFormedMap(inner);
    case "L":
      if (!Array.isArray(inner)) return false;
      for (const element of inner) if (!wellFormedValue(element)) return false;
      return true;
    case "SS":
      return (
        Array.isArray(inner) &&
        inner.length > 0 &&
        inner.every((s) => typeof s === "string") &&
        new Set(inner).size === inner.length
      );
    default:
      // Binary, number sets, anything else: dynalite's own checks.
      return false;
  }
}
