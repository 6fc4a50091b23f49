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
  /** A CSV file as picked (UTF-8 or GBK: the API detects the encoding), sent as text/csv. */
  file?: Blob;
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
  let body: string | Blob | undefined;
  if (options.file !== undefined) {
    headers["content-type"] = "text/csv";
    body = options.file;
  } else if (options.csv !== undefined) {
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

/**
 * Downloads an export: the API answers 303 to a short-lived link, which fetch follows (the bearer token
 * cannot ride on a plain link); the file is then saved under the name the download link gives.
 */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = {};
  if (state.session) headers.authorization = `Bearer ${state.session.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new ApiError(0, "network", "无法下载文件，请检查网络后重试");
  }
  if (response.status === 401) {
    signOut("登录已失效，请重新登录");
    throw new ApiError(401, "unauthenticated", "登录已失效，请重新登录");
  }
  if (!response.ok) {
    const parsed = safeJson(await response.text()) as { error?: { code?: string; message?: string } };
    throw new ApiError(
      response.status,
      parsed?.error?.code ?? "http",
      parsed?.error?.message ?? `下载失败（${response.status}）`,
    );
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A fresh key per form submission: a retry of the same submission reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
