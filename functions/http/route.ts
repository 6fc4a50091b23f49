import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ZodError, type z } from "zod";
import { pageTokensPort } from "../adapters/aws-ports/page-tokens";
import { type AwsPort, type Deps, freshCalendar, lazyHandler, only } from "../adapters/deps";
import { TokenError } from "../adapters/dynamo/batch";
import type { PortFactory } from "../adapters/lambda-deps";
import { PAGE_TOKEN_LIFETIME_SECONDS } from "../adapters/page-tokens";
import { DomainError, Forbidden, InvalidInput, RuleViolation, Unauthenticated } from "../domain/errors";
import { message, said } from "../domain/messages";
import { Principal, type Role } from "../domain/principal";
import { checkContentType, decodePathParameters, excerpt, MAX_FIELD_PROBLEMS } from "./edge";
import { digestOf, idempotencyKeyOf, once } from "./idempotency";
import { assertInOffice } from "./in-office";

type AnyObject = z.ZodType<Record<string, unknown>>;

/**
 * Who may call a route, declared on every route (the authorization-matrix test reads it):
 * - `public`: no token (health, the OpenAPI document);
 * - otherwise the roles that may call it at all (others get 403 before anything is read) and what the
 *   route reaches, whose ownership the use case checks: an `enterprise` by credit code, a `hazard`, an
 *   `accident`, a `bulletin` or an `official` by id (out of reach answers 404, as if it did not exist), a `jurisdiction` named in the
 *   query or body (outside the caller's: 403, it names the caller's own question), the `recipient` of
 *   messages (out of reach: left out of the page), or `none` (rows of an import, the calendar).
 */
export type Access =
  | { public: true }
  | {
      public?: false;
      roles: readonly Role[];
      reaches:
        | "enterprise"
        | "hazard"
        | "accident"
        | "bulletin"
        | "official"
        | "jurisdiction"
        | "recipient"
        | "none";
    };

export const OFFICIALS = ["inspector", "anweiban", "leader", "admin"] as const satisfies readonly Role[];
export const EVERYONE = ["enterprise", ...OFFICIALS] as const satisfies readonly Role[];

export type RouteSpec = {
  method: "GET" | "PUT" | "POST";
  /** API Gateway style: /v1/enterprises/{creditCode}. */
  path: string;
  summary: string;
  /** Whether a Bearer token is required (all but /healthz and the OpenAPI document). */
  auth: boolean;
  access: Access;
  params?: AnyObject;
  query?: AnyObject;
  /**
   * A JSON body schema, "csv" for a CSV file (a text/csv body or a multipart/form-data upload), or "raw":
   * the request as sent (headers, text, query), for a caller that signs its bytes (a provider's callback).
   */
  body?: z.ZodType | "csv" | "raw";
  /**
   * What a JSON body that breaks its schema answers: 400 (the default), or 422 where the body is a set of
   * rules whose bad value is named by its path (`PUT /v1/policies`). A body that is not JSON stays a 400.
   */
  invalidBody?: 400 | 422;
  response: z.ZodType;
  status?: number;
  errors?: number[];
};

export type RouteContext<S extends RouteSpec> = {
  deps: Deps;
  principal: S["auth"] extends true ? Principal : Principal | undefined;
  params: S["params"] extends AnyObject ? z.infer<S["params"]> : Record<string, never>;
  query: S["query"] extends AnyObject ? z.infer<S["query"]> : Record<string, never>;
  body: S["body"] extends "csv"
    ? Uint8Array
    : S["body"] extends "raw"
      ? RawRequest
      : S["body"] extends z.ZodType
        ? z.infer<S["body"]>
        : undefined;
};

type Result = APIGatewayProxyStructuredResultV2;

/** A request as its sender signed it: header names in lower case, the body as text. */
export type RawRequest = { headers: Record<string, string>; body: string; query: Record<string, string> };

function rawOf(event: APIGatewayProxyEventV2, text: string): RawRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) query[k] = v;
  return { headers, body: text, query };
}

/**
 * A result that is a file: the caller is sent to a short-lived download link (a presigned S3 URL on AWS,
 * a signed local link), so a large export never passes through the API's 6 MB response limit.
 */
export class SeeOther {
  constructor(readonly location: string) {}
}

const json = (statusCode: number, body: unknown): Result => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(body),
});

/** Field problems, at most a few and each short: an error never echoes a large input back. */
function fieldsOf(error: ZodError, prefix: string) {
  const fields = error.issues.slice(0, MAX_FIELD_PROBLEMS).map((i) => ({
    path: excerpt([prefix, ...i.path.map(String)].filter(Boolean).join(".")),
    message: excerpt(i.message),
  }));
  const more = error.issues.length - fields.length;
  return more > 0
    ? [...fields, { path: prefix || "body", message: message("http.more_problems", { more }) }]
    : fields;
}

function parsePart<T>(
  schema: z.ZodType<T> | undefined,
  value: unknown,
  where: "path" | "query" | "body",
  invalid: 400 | 422 = 400,
): T {
  if (!schema) return {} as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new (invalid === 422 ? RuleViolation : InvalidInput)(
      said("http.invalid_input", { where }),
      fieldsOf(result.error, where === "body" ? "" : where),
    );
  }
  return result.data;
}

function principalOf(event: APIGatewayProxyEventV2): Principal {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  if (!claims) throw new Unauthenticated(said("auth.token_required"));
  const parsed = Principal.safeParse(claims);
  if (!parsed.success)
    throw new Unauthenticated(said("auth.token_incomplete"), fieldsOf(parsed.error, "token"));
  return parsed.data;
}

function bytesOf(event: APIGatewayProxyEventV2): Uint8Array {
  if (!event.body) return new Uint8Array();
  return event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
}

function bodyOf(event: APIGatewayProxyEventV2): string {
  return Buffer.from(bytesOf(event)).toString("utf8");
}

/**
 * The bytes of an uploaded CSV file, undecoded (the catalogue import detects UTF-8 or GBK): the body
 * itself, or the file part of a multipart/form-data upload (a browser form, Postman).
 */
async function csvUploadOf(event: APIGatewayProxyEventV2): Promise<Uint8Array> {
  const bytes = bytesOf(event);
  const type =
    Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  if (!/^multipart\/form-data/i.test(type)) return bytes;
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new InvalidInput(said("csv.multipart_malformed"));
  }
  const files = [...form.values()].filter((v): v is File => typeof v !== "string");
  if (files.length !== 1) throw new InvalidInput(said("csv.multipart_one_file", { count: files.length }));
  return new Uint8Array(await (files[0] as File).arrayBuffer());
}

function badPageToken(reason: "invalid" | "expired"): InvalidInput {
  if (reason === "expired")
    return new InvalidInput(said("http.next_token_expired", { hours: PAGE_TOKEN_LIFETIME_SECONDS / 3600 }), [
      { path: "query.nextToken", message: message("field.next_token_expired") },
    ]);
  return new InvalidInput(said("http.next_token_invalid"), [
    { path: "query.nextToken", message: message("field.next_token") },
  ]);
}

/**
 * What a page token is bound to: the route, the caller (sub, role, jurisdiction, enterprise) and the query
 * as parsed, without the token itself and the page size (a caller may change `limit` between pages).
 */
export function pageBinding(spec: RouteSpec, principal: Principal | undefined, query: object): string {
  const { nextToken: _token, limit: _limit, ...rest } = query as Record<string, unknown>;
  const who = principal
    ? [principal.sub, principal.role, principal.jurisdiction, principal.enterprise ?? ""]
    : [];
  const asked = Object.keys(rest)
    .sort()
    .map((k) => [k, rest[k] ?? null]);
  return JSON.stringify([`${spec.method} ${spec.path}`, who, asked]);
}

/** Maps any error to the one error shape; only domain errors say what went wrong, a 5xx never does. */
export function errorResponse(error: unknown, deps: Pick<Deps, "log"> | undefined): Result {
  if (error instanceof DomainError) {
    return json(error.status, {
      error: {
        code: error.code,
        reason: error.reason,
        message: excerpt(error.message),
        ...(error.fields ? { fields: error.fields.slice(0, MAX_FIELD_PROBLEMS) } : {}),
      },
    });
  }
  if (error instanceof ZodError) {
    return json(400, {
      error: {
        code: "invalid_input",
        reason: "http.invalid_input",
        message: message("http.invalid_input", { where: "body" }),
        fields: fieldsOf(error, ""),
      },
    });
  }
  if (error instanceof TokenError) return errorResponse(badPageToken("invalid"), deps);
  deps?.log.warn("unhandled error", {
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  return json(500, { error: { code: "internal", message: message("http.internal") } });
}

/** The route's answer: a redirect to a file, a page with its position sealed for this caller, or JSON. */
function resultOf(spec: RouteSpec, deps: Deps, binding: string, result: unknown): Result {
  if (result instanceof SeeOther) {
    return {
      statusCode: 303,
      headers: { location: result.location, "cache-control": "no-store" },
      body: "",
    };
  }
  if (
    result &&
    typeof result === "object" &&
    typeof (result as { nextToken?: unknown }).nextToken === "string"
  ) {
    const page = result as { nextToken: string };
    return json(spec.status ?? 200, { ...page, nextToken: deps.pageTokens.seal(page.nextToken, binding) });
  }
  return json(spec.status ?? 200, result);
}

/**
 * A thin HTTP handler: the caller's role checked against the route's access rule, the content type against
 * its body, zod parsing of path, query and body, page tokens opened and sealed for this caller and query;
 * one use-case call; the result or the mapped error. The same spec feeds the OpenAPI document. `ports`
 * are the AWS ports the use case needs (functions/adapters/aws-ports/): the function bundles only
 * those (and the page-token secret's client), and any other port refuses, locally too.
 */
export function route<S extends RouteSpec>(
  spec: S,
  impl: (ctx: RouteContext<S>) => Promise<unknown>,
  ports: readonly PortFactory<AwsPort>[] = [],
) {
  const named = ports.map((p) => p.port);
  const create = (all: Deps) => {
    const deps = only(all, named);
    return middy(async (event: APIGatewayProxyEventV2): Promise<Result> => {
      try {
        const principal = spec.auth ? principalOf(event) : undefined;
        // A deactivated official's token stops working (one key read, trusted a few seconds: in-office.ts).
        if (principal) await assertInOffice(deps.catalogue, principal);
        if (principal && !spec.access.public && !spec.access.roles.includes(principal.role)) {
          throw new Forbidden(
            said("auth.role_not_allowed", { role: principal.role, allowed: spec.access.roles }),
          );
        }
        // Any request that changes something may be retried safely with an Idempotency-Key.
        const key = spec.method !== "GET" ? idempotencyKeyOf(event) : undefined;
        const params = parsePart(spec.params, decodePathParameters(event.pathParameters), "path");
        const query = parsePart(spec.query, event.queryStringParameters, "query") as Record<string, unknown>;
        const binding = pageBinding(spec, principal, query);
        if (typeof query.nextToken === "string") {
          const opened = deps.pageTokens.open(query.nextToken, binding);
          if (!opened.ok) throw badPageToken(opened.reason);
          query.nextToken = opened.position;
        }
        let body: unknown;
        const text = bodyOf(event);
        // A body must come in the route's media type; no body at all is the schema's to refuse (400).
        if (spec.body && spec.body !== "raw" && text)
          checkContentType(
            event.headers,
            spec.body === "csv" ? ["text/csv", "multipart/form-data"] : ["application/json"],
          );
        if (spec.body === "csv") body = await csvUploadOf(event);
        else if (spec.body === "raw") body = rawOf(event, text);
        else if (spec.body) {
          let raw: unknown;
          try {
            raw = JSON.parse(text || "null");
          } catch {
            throw new InvalidInput(said("http.invalid_json"));
          }
          body = parsePart(spec.body, raw, "body", spec.invalidBody);
        }
        if (spec.auth) await freshCalendar(deps);
        const ctx = { deps, principal, params, query, body } as RouteContext<S>;
        const respond = async () => resultOf(spec, deps, binding, await impl(ctx));
        if (key === undefined || !principal) return await respond();
        const request = [
          spec.method,
          spec.path,
          params,
          query,
          body instanceof Uint8Array ? digestOf(body) : body,
        ];
        return await once(deps, { principal, key, request }, respond);
      } catch (error) {
        return errorResponse(error, deps);
      }
    });
  };
  return { spec, create, handler: lazyHandler(create, [...ports, pageTokensPort]), ports: named };
}

export type Route = ReturnType<typeof route>;
