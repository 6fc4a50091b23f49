import { existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The built console (`npm run console:build`), served at / beside the API as CloudFront serves it on AWS. */
export const CONSOLE_DIST = resolve(fileURLToPath(new URL("../console/dist", import.meta.url)));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

/**
 * The same security headers as the CloudFront response-headers policy (infra/console.ts), so the local
 * console breaks in the same way if a page ever needs an inline script or a foreign origin.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>督办</title>
<p>控制台尚未构建。请运行 <code>npm run console:build</code> 后刷新本页；API 照常可用（/v1/openapi.json）。</p></html>`;

/**
 * Serves a file of the built console, or index.html for any other path (the console's router owns the
 * paths: a reload of /hazards/HZ-… must not be a 404). Answers false for paths that are not the console's.
 */
export function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  dist = CONSOLE_DIST,
) {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (pathname.startsWith("/v1/") || pathname.startsWith("/_local/") || pathname === "/healthz") return false;
  const index = join(dist, "index.html");
  if (!existsSync(index)) {
    res.writeHead(503, { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS });
    res.end(NOT_BUILT);
    return true;
  }
  let file = normalize(join(dist, decodeURIComponent(pathname)));
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) file = index;
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    ...SECURITY_HEADERS,
  });
  res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  return true;
}
