import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The providers' request signatures, recomputed from what arrived on the wire as the provider does, so the
 * fake servers refuse a request the real provider would refuse. Written from the providers' documents
 * (Aliyun "V3 版本请求体&签名机制", ACS3-HMAC-SHA256; Tencent "签名方法 v3", TC3-HMAC-SHA256), not from the SDKs.
 */

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** RFC 3986 percent-encoding, as ACS3 canonicalizes query strings. */
function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type WireRequest = {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

function header(request: WireRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

/** Aliyun ACS3-HMAC-SHA256: true when the Authorization header was made with this key pair. */
export function verifyAcs3(request: WireRequest, accessKeyId: string, accessKeySecret: string): boolean {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    header(request, "authorization"),
  );
  if (!auth || auth[1] !== accessKeyId) return false;
  const signed = (auth[2] ?? "").split(";");
  // The signed headers must include every x-acs-* header, host and the body's hash.
  if (!signed.includes("host") || !signed.includes("x-acs-content-sha256")) return false;
  const payloadHash = sha256(request.body);
  if (header(request, "x-acs-content-sha256") !== payloadHash) return false;
  const url = new URL(request.url, "http://fake");
  const query = [...url.searchParams.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${acsEncode(k)}=${acsEncode(v)}`)
    .join("&");
  const canonical = [
    request.method,
    url.pathname,
    query,
    signed.map((h) => `${h}:${header(request, h)}\n`).join(""),
    signed.join(";"),
    payloadHash,
  ].join("\n");
  const expected = createHmac("sha256", accessKeySecret)
    .update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`)
    .digest("hex");
  return same(expected, auth[3] ?? "");
}

/** Tencent TC3-HMAC-SHA256: true when the Authorization header was made with this key pair, for `service`. */
export function verifyTc3(
  request: WireRequest,
  secretId: string,
  secretKey: string,
  service: string,
): boolean {
  const auth =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      header(request, "authorization"),
    );
  if (!auth || auth[1] !== secretId || auth[3] !== service) return false;
  const date = auth[2] ?? "";
  const timestamp = header(request, "x-tc-timestamp");
  // The credential's date is the timestamp's UTC date; a request older than five minutes is refused.
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const signed = (auth[4] ?? "").split(";");
  if (!signed.includes("host") || !signed.includes("content-type")) return false;
  const url = new URL(request.url, "http://fake");
  const canonical = [
    request.method,
    url.pathname,
    url.search.slice(1),
    signed.map((h) => `${h}:${header(request, h).toLowerCase()}\n`).join(""),
    signed.join(";"),
    sha256(request.body),
  ].join("\n");
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
  const kDate = createHmac("sha256", `TC3${secretKey}`).update(date).digest();
  const kService = createHmac("sha256", kDate).update(service).digest();
  const kSigning = createHmac("sha256", kService).update("tc3_request").digest();
  return same(createHmac("sha256", kSigning).update(stringToSign).digest("hex"), auth[5] ?? "");
}
