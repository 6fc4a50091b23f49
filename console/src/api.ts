import { signOut, state } from "./session";

/** A field the API (or the form's own zod check) found wrong, with its Chinese message. */
export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export type CallOptions = {
  query?: Query;
  body?: unknown;
  /** A CSV upload: sent as text/csv. */
  csv?: string;
  /** Sent as Idempotency-Key so a retried create is done once. */
  idempotencyKey?: string;
};

/**
 * The one way the console talks to the API: the session's bearer token, JSON in and out, the API's error
 * shape turned into an ApiError; a 401 signs the person out (the token expired or was revoked).
 */
export async function call<T>(method: "GET" | "PUT" | "POST", path: string, options: CallOptions = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: "application/json" };
  if (state.session) headers.authorization = `Bearer ${state.session.token}`;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let body: string | undefined;
  if (options.csv !== undefined) {
    headers["content-type"] = "text/csv; charset=utf-8";
    body = options.csv;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body });
  } catch {
    throw new ApiError(0, "network", "无法连接服务器，请检查网络后重试");
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (response.status === 401) {
    signOut("登录已失效，请重新登录");
    throw new ApiError(401, "unauthenticated", "登录已失效，请重新登录");
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; fields?: FieldError[] } })?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "http",
      error?.message ?? `请求失败（${response.status}）`,
      error?.fields ?? [],
    );
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fresh key per form submission: a retry of the same submission reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
