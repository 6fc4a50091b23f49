import { createHash } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { Conflict, InvalidInput, RuleViolation } from "../domain/errors";
import { message, said } from "../domain/messages";
import type { Clock, IdempotencyStore, StoredResponse } from "../domain/ports";
import type { Principal } from "../domain/principal";

/**
 * How long an answer is kept for retries: a day, as Stripe and Powertools do — longer than any client
 * retries a request, short enough that the table does not keep them.
 */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** After this an attempt that claimed a key and never answered (a crashed function) is taken over. */
export const IDEMPOTENCY_LOCK_MS = 60 * 1000;

const HEADER = "idempotency-key";
const KEY_FORMAT = /^[\x21-\x7e]{1,128}$/;

type Result = APIGatewayProxyStructuredResultV2;

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** An uploaded file counts in a request's fingerprint by its digest, not as megabytes of JSON numbers. */
export const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

/** The `Idempotency-Key` header if sent (any case), checked: 1–128 visible ASCII characters. */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const key = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === HEADER)?.[1];
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new InvalidInput(said("http.idempotency_key_invalid"), [
      { path: "header.Idempotency-Key", message: message("field.idempotency_key") },
    ]);
  }
  return key;
}

/**
 * Runs a creating request once per caller and key: a retry with the same key and the same request gets the
 * first answer (status, Location, body) and changes nothing; the same key with another request is refused
 * (422), and while the first attempt still runs, a retry is told to wait (409). A refused or failed attempt
 * lets the key go, so a corrected request can be sent with it again.
 */
export async function once(
  deps: { idempotency: IdempotencyStore; clock: Clock },
  ask: { principal: Principal; key: string; request: unknown },
  run: () => Promise<Result>,
): Promise<Result> {
  const { principal, key, request } = ask;
  const caller = [principal.sub, principal.role, principal.jurisdiction, principal.enterprise ?? ""];
  const id = sha256(JSON.stringify([caller, key]));
  const fingerprint = sha256(JSON.stringify(request));
  const now = deps.clock.now();
  const claim = await deps.idempotency.claim(id, fingerprint, {
    now,
    lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LOCK_MS),
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS),
  });
  if (!claim.claimed) {
    if (claim.record.fingerprint !== fingerprint)
      throw new RuleViolation(said("http.idempotency_key_reused"), [
        { path: "header.Idempotency-Key", message: message("field.idempotency_key_reused") },
      ]);
    const answer = claim.record.response;
    if (!answer) throw new Conflict(said("http.idempotency_in_progress"));
    return {
      statusCode: answer.status,
      headers: { ...answer.headers, "idempotent-replayed": "true" },
      body: answer.body,
    };
  }
  let result: Result;
  try {
    result = await run();
  } catch (error) {
    await deps.idempotency.release(id, fingerprint);
    throw error;
  }
  const status = result.statusCode ?? 200;
  if (status >= 400) {
    await deps.idempotency.release(id, fingerprint);
    return result;
  }
  const stored: StoredResponse = {
    status,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: typeof result.body === "string" ? result.body : "",
  };
  await deps.idempotency.complete(id, fingerprint, stored);
  return result;
}
