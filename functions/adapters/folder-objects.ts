import { createHmac, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Clock, ObjectInfo, ObjectStore } from "../domain/ports";

/** Object keys are paths of safe segments: nothing may climb out of the folder. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export type FolderObjects = ObjectStore & {
  /** Checks a signed local download link; the object's path and type when it is valid and unexpired. */
  verify(
    key: string,
    query: URLSearchParams,
  ): Promise<{ path: string; info: ObjectInfo; size: number } | undefined>;
  /** Checks a signed local upload link: true when it is valid and unexpired. */
  verifyUpload(key: string, query: URLSearchParams): boolean;
};

/**
 * The object store of the local runtime: a folder under the data directory (0700, files 0600, since
 * bulletins and exports name enterprises and their contacts). A `.meta.json` beside each object keeps its
 * type and file name; download links are HMAC-signed with an expiry, like a presigned S3 URL.
 */
export function createFolderObjects(options: {
  root: string;
  secret: string;
  clock: Clock;
  /** Where the local HTTP server serves `/_local/objects/…` (known only after it listens). */
  baseUrl: () => string;
}): FolderObjects {
  const root = resolve(options.root);
  const pathOf = (key: string) => {
    if (!KEY.test(key) || key.split("/").some((s) => s === "." || s === "..")) {
      throw new Error(`not a safe object key: ${key}`);
    }
    const path = join(root, ...key.split("/"));
    if (!path.startsWith(root + sep)) throw new Error(`not a safe object key: ${key}`);
    return path;
  };
  // An upload link signs another message than a download link: neither passes for the other.
  const sign = (key: string, expires: number, verb: "get" | "put" = "get") =>
    createHmac("sha256", options.secret)
      .update(`${verb === "put" ? "put\n" : ""}${key}\n${expires}`)
      .digest("base64url");
  const signatureHolds = (key: string, query: URLSearchParams, verb: "get" | "put") => {
    const expires = Number(query.get("expires"));
    const sig = Buffer.from(query.get("sig") ?? "");
    const want = Buffer.from(sign(key, expires, verb));
    return (
      Number.isFinite(expires) &&
      sig.length === want.length &&
      timingSafeEqual(sig, want) &&
      expires * 1000 >= options.clock.now().getTime()
    );
  };

  async function prepare(path: string) {
    await mkdir(root, { recursive: true, mode: 0o700 });
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  }
  async function writeMeta(path: string, info: ObjectInfo) {
    await writeFile(`${path}.meta.json`, JSON.stringify(info), { mode: 0o600 });
  }

  return {
    async put(key, body, info) {
      const path = pathOf(key);
      await prepare(path);
      // Written aside and renamed: a reader never sees half a file.
      await writeFile(`${path}.part`, body, { mode: 0o600 });
      await writeMeta(path, info);
      await rename(`${path}.part`, path);
    },
    async putStream(key, body, info) {
      const path = pathOf(key);
      await prepare(path);
      let bytes = 0;
      const counted = Readable.from(
        (async function* () {
          for await (const chunk of body) {
            bytes += chunk.byteLength;
            yield chunk;
          }
        })(),
      );
      await pipeline(counted, createWriteStream(`${path}.part`, { mode: 0o600 }));
      await chmod(`${path}.part`, 0o600);
      await writeMeta(path, info);
      await rename(`${path}.part`, path);
      return { bytes };
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async downloadUrl(key, info) {
      pathOf(key);
      const expires = Math.floor(options.clock.now().getTime() / 1000) + info.expiresInSeconds;
      const q = new URLSearchParams({ expires: String(expires), sig: sign(key, expires) });
      return `${options.baseUrl()}/_local/objects/${key}?${q}`;
    },
    async uploadUrl(key, info) {
      pathOf(key);
      const expires = Math.floor(options.clock.now().getTime() / 1000) + info.expiresInSeconds;
      const q = new URLSearchParams({ expires: String(expires), sig: sign(key, expires, "put") });
      return `${options.baseUrl()}/_local/objects/${key}?${q}`;
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    verifyUpload(key, query) {
      return KEY.test(key) && signatureHolds(key, query, "put");
    },
    async verify(key, query) {
      if (!KEY.test(key) || !signatureHolds(key, query, "get")) return undefined;
      const path = pathOf(key);
      try {
        const [meta, s] = await Promise.all([readFile(`${path}.meta.json`, "utf8"), stat(path)]);
        return { path, info: JSON.parse(meta) as ObjectInfo, size: s.size };
      } catch {
        return undefined;
      }
    },
  };
}

export const readObjectStream = (path: string) => createReadStream(path);
