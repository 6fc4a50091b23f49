import { request } from "node:http";
import { expect } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { signToken } from "../../local/auth";
import { type Stack, type StackOptions, startStack } from "../../local/stack";

/**
 * Shared helpers of the integration tests: the real embedded stack on a virtual clock, tokens signed with the
 * stack's secret, and a small fetch wrapper for the HTTP API. Nothing here replaces a part of the stack.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in the tests
export type Json = any;

export type ApiResponse = {
  status: number;
  body: Json;
  text: string;
  contentType: string;
  headers?: Headers;
};

export type CallOptions = {
  token?: string;
  /** A JSON body. */
  body?: unknown;
  /** A text/csv body, sent as is (a leading BOM included). */
  csv?: string;
  headers?: Record<string, string>;
};

export type Api = (method: string, path: string, options?: CallOptions) => Promise<ApiResponse>;

/** A virtual-clock stack held in memory, started at a Shanghai time, without console noise. */
export async function startTestStack(options: { now: string } & Partial<Omit<StackOptions, "now">>) {
  const { now, ...rest } = options;
  return startStack({ clock: "virtual", quiet: true, notice: () => undefined, ...rest, now: new Date(now) });
}

/** `api(method, path, {token, body, csv})` against one base URL. */
export function apiFor(baseUrl: string): Api {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.csv !== undefined) {
      headers["content-type"] = "text/csv; charset=utf-8";
      body = options.csv;
    } else if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body ? { body } : {}) });
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return {
      status: response.status,
      body: parsed,
      text,
      contentType: response.headers.get("content-type") ?? "",
      headers: response.headers,
    };
  };
}

/** A POST on a connection of its own (for bodies the server refuses before reading them to the end). */
export function postOnFreshConnection(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "POST",
        agent: false,
        headers: { ...headers, "content-length": String(body.length) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Moves the virtual clock through the HTTP API, firing every schedule and timer due on the way. */
export async function advanceTo(api: Api, shanghaiIso: string): Promise<Json> {
  const res = await api("POST", "/_local/clock", { body: { advanceTo: shanghaiIso } });
  expect(res.status, `advanceTo ${shanghaiIso}: ${res.text}`).toBe(200);
  return res.body;
}

export type Claims = {
  role: "enterprise" | "inspector" | "anweiban" | "leader" | "admin";
  jurisdiction: string;
  enterprise?: string;
  sub?: string;
};

export function tokenFor(secret: Uint8Array, claims: Claims): Promise<string> {
  return signToken(secret, claims);
}

export function enterpriseToken(secret: Uint8Array, enterprise: Enterprise): Promise<string> {
  return signToken(secret, {
    role: "enterprise",
    jurisdiction: enterprise.countyCode,
    enterprise: enterprise.creditCode,
  });
}

export function officialToken(secret: Uint8Array, official: Official): Promise<string> {
  return signToken(secret, {
    role: official.role,
    jurisdiction: official.jurisdictionCode,
    sub: `${official.role}:${official.mobile}`,
  });
}

/** The UTC ISO string of a Shanghai time, as the API and the sinks write times. */
export function utc(shanghaiIso: string): string {
  return new Date(shanghaiIso).toISOString();
}

/** A valid monthly report body, signed by the enterprise's legal representative. */
export function reportBody(enterprise: Enterprise, overrides: Record<string, unknown> = {}) {
  return {
    signedBy: enterprise.legalRep.name,
    selfInspections: 4,
    hazardsFound: { general: 3, major: 0 },
    hazardsRectified: { general: 3, major: 0 },
    ...overrides,
  };
}

/**
 * Asserts the one error shape `{error: {code, reason?, message, fields?}}`, with nothing of the server's
 * insides, and that what a person reads (the message and every field message) is Chinese.
 */
export function expectError(res: ApiResponse, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    error: {
      code: code ?? expect.any(String),
      ...(res.body?.error?.reason ? { reason: expect.any(String) } : {}),
      message: expect.stringMatching(/\p{Script=Han}/u),
      ...(res.body?.error?.fields ? { fields: expect.any(Array) } : {}),
    },
  });
  for (const field of res.body.error.fields ?? []) {
    expect(field).toEqual({ path: expect.any(String), message: expect.stringMatching(/\p{Script=Han}/u) });
  }
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

/** Every item of a paged listing, following `nextToken` until the last page; the pages are kept too. */
export async function listAll(
  api: Api,
  path: string,
  query: Record<string, string>,
  token: string,
): Promise<{ items: Json[]; pages: Json[][] }> {
  const pages: Json[][] = [];
  let nextToken: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const params = new URLSearchParams({ ...query, ...(nextToken ? { nextToken } : {}) });
    const res = await api("GET", `${path}?${params}`, { token });
    expect(res.status, res.text).toBe(200);
    pages.push(res.body.items);
    nextToken = res.body.nextToken;
    if (!nextToken) return { items: pages.flat(), pages };
  }
  throw new Error(`${path}: more than 1000 pages; is nextToken looping?`);
}

/** The digest email body's section "一、逾期未报", "二、自查次数为零" or "三、…跟踪督查". */
export function digestSection(body: string, section: "missing" | "zero" | "tracked"): string {
  const missing = body.indexOf("一、");
  const zero = body.indexOf("二、");
  const tracked = body.indexOf("三、");
  if (section === "missing") return body.slice(missing, zero);
  if (section === "zero") return body.slice(zero, tracked);
  return body.slice(tracked);
}

export type SesEmail = {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
};

/** What aws-ses-v2-local received (this process's store, not persisted across restarts). */
export async function sesEmails(sesUrl: string): Promise<SesEmail[]> {
  const res = await fetch(`${sesUrl}/store`);
  const store = (await res.json()) as { emails: SesEmail[] };
  return store.emails;
}

/**
 * The ladder bookkeeping of a hazard or accident case as stored — the plan's version and planning instant,
 * the steps fired — which the API does not show; tests of the ladder read it here.
 */
export async function storedPlan(stack: Stack, id: string) {
  const stored = id.startsWith("AC") ? await stack.deps.accidents.get(id) : await stack.deps.hazards.get(id);
  if (!stored) throw new Error(`nothing stored under ${id}`);
  return {
    planVersion: stored.planVersion,
    ...(stored.plannedAt ? { plannedAt: stored.plannedAt } : {}),
    firedSteps: stored.firedSteps,
  };
}
