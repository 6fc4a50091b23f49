import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream/promises";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod";
import { attachmentDisposition } from "../functions/adapters/content-disposition";
import type { Deps } from "../functions/adapters/deps";
import { type FolderObjects, readObjectStream } from "../functions/adapters/folder-objects";
import { toShanghaiIso } from "../functions/domain/calendar";
import { Unauthenticated } from "../functions/domain/errors";
import { MAX_UPLOAD_BYTES } from "../functions/domain/import-job";
import { message, said } from "../functions/domain/messages";
import { errorResponse } from "../functions/http/route";
import { ROUTES } from "../functions/http/routes";
import type { LocalClock } from "./clock";
import { serveConsole } from "./console-server";
import { demoUsers } from "./demo-users";
import type { LocalFailpoints } from "./failpoints";
import type { Scheduler } from "./scheduler";

export type LocalExtras = {
  clock: LocalClock;
  scheduler: Scheduler;
  smsList: () => unknown[];
  failpoints: LocalFailpoints;
  /** Timers by id (pending or fired), for tests and for a person looking at a subject's ladder. */
  timers: (ids: string[]) => Promise<unknown[]>;
  verify: (token: string) => Promise<Record<string, unknown>>;
  /** Signs a local token for a demo user (POST /_local/sign-in); the AWS build has no such endpoint. */
  sign: (claims: { role: string; jurisdiction: string; enterprise?: string; sub: string }) => Promise<string>;
  /** Where the built console is (tests point it elsewhere); defaults to console/dist. */
  consoleDist?: string;
  /** The local object store, whose signed download links this server answers. */
  objects?: FolderObjects;
  /** What the SES stand-in would report as SES events (POST /_local/ses-events): delivered, bounced. */
  sesEvent?: (event: unknown) => Promise<unknown>;
};

function matcher(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${pattern}$`);
  return (url: string) => {
    const m = regex.exec(url);
    if (!m) return undefined;
    // Raw, as API Gateway hands them on: the route decodes them, and a malformed escape is its 400.
    return Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ""]));
  };
}

const compiled = ROUTES.map((r) => ({ route: r, match: matcher(r.spec.path) }));

/** API Gateway's own limit on a request payload. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

const AdvanceBody = z.object({ advanceTo: z.iso.datetime({ offset: true }) });
const SignInBody = z.object({ sub: z.string().min(1).max(200) });

/**
 * `/_local/*` moves the clock and shows every SMS: only for the machine itself. A Host other than the
 * loopback address is a page on another origin reaching in by DNS rebinding; a body that is not JSON is
 * a "simple" cross-origin request a browser sends without asking (text/plain, forms).
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

function localRefusal(
  req: IncomingMessage,
  path: string,
): { status: number; code: string; message: string } | undefined {
  if (!LOOPBACK_HOST.test(req.headers.host ?? "")) {
    return { status: 403, code: "forbidden", message: message("local.loopback_only") };
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  // An upload is a PUT (never a "simple" request: a browser asks first) authorised by its signed link.
  const upload = req.method === "PUT" && path.startsWith("/_local/objects/");
  if (req.method !== "GET" && !upload && type !== "application/json") {
    return {
      status: 415,
      code: "unsupported_media_type",
      message: message("local.json_only"),
    };
  }
  return undefined;
}

/** The local stand-in for API Gateway: the same handlers, the same event shape, claims checked here. */
export function createHttpServer(deps: Deps, extras: LocalExtras): Server {
  const handlers = new Map(compiled.map(({ route }) => [route.name, route.create(deps)]));

  async function local(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const refusal = localRefusal(req, path);
    if (refusal) {
      send(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
      req.resume();
      return true;
    }
    if (path === "/_local/clock" && req.method === "GET") {
      send(res, 200, { now: extras.clock.now().toISOString(), mode: extras.clock.mode });
      return true;
    }
    if (path === "/_local/clock" && req.method === "POST") {
      if (extras.clock.mode !== "virtual") {
        send(res, 409, {
          error: { code: "conflict", message: message("local.clock_is_real") },
        });
        return true;
      }
      let parsed: z.infer<typeof AdvanceBody>;
      try {
        parsed = AdvanceBody.parse(JSON.parse((await readBody(req)).toString("utf8") || "{}"));
      } catch {
        send(res, 400, {
          error: {
            code: "invalid_input",
            message: message("local.advance_body"),
            fields: [{ path: "advanceTo", message: message("field.instant") }],
          },
        });
        return true;
      }
      const to = new Date(parsed.advanceTo);
      if (to < extras.clock.now()) {
        send(res, 409, {
          error: {
            code: "conflict",
            message: message("local.clock_never_backwards", { now: toShanghaiIso(extras.clock.now()) }),
          },
        });
        return true;
      }
      send(res, 200, await extras.scheduler.advanceTo(to));
      return true;
    }
    if (path === "/_local/users" && req.method === "GET") {
      send(res, 200, { items: demoUsers() });
      return true;
    }
    if (path === "/_local/sign-in" && req.method === "POST") {
      const parsed = SignInBody.safeParse(safeJson((await readBody(req)).toString("utf8")));
      const user = parsed.success ? demoUsers().find((u) => u.sub === parsed.data.sub) : undefined;
      if (!user) {
        send(res, 400, {
          error: {
            code: "invalid_input",
            message: message("local.pick_demo_user"),
            fields: [{ path: "sub", message: message("local.not_demo_user") }],
          },
        });
        return true;
      }
      const token = await extras.sign({
        role: user.role,
        jurisdiction: user.jurisdiction,
        sub: user.sub,
        ...(user.enterprise ? { enterprise: user.enterprise } : {}),
      });
      send(res, 200, { token });
      return true;
    }
    if (path.startsWith("/_local/objects/") && req.method === "GET" && extras.objects) {
      const key = decodeURIComponent(path.slice("/_local/objects/".length));
      const found = await extras.objects.verify(
        key,
        new URL(req.url ?? "/", "http://localhost").searchParams,
      );
      if (!found) {
        send(res, 404, { error: { code: "not_found", message: message("files.link_invalid") } });
        return true;
      }
      res.writeHead(200, {
        "content-type": found.info.contentType,
        "content-length": String(found.size),
        ...(found.info.fileName ? { "content-disposition": attachmentDisposition(found.info.fileName) } : {}),
      });
      // Streamed from the file: a province's export never sits in memory here either.
      await pipeline(readObjectStream(found.path), res).catch(() => res.destroy());
      return true;
    }
    if (path.startsWith("/_local/objects/") && req.method === "PUT" && extras.objects) {
      // The local stand-in for a presigned S3 PUT (POST /v1/imports/uploads): the bytes go to the folder.
      const key = decodeURIComponent(path.slice("/_local/objects/".length));
      if (!extras.objects.verifyUpload(key, new URL(req.url ?? "/", "http://localhost").searchParams)) {
        send(res, 403, { error: { code: "forbidden", message: message("files.link_invalid") } });
        req.resume();
        return true;
      }
      let bytes = 0;
      const capped = (async function* () {
        for await (const chunk of req) {
          bytes += (chunk as Buffer).length;
          if (bytes > MAX_UPLOAD_BYTES) throw new BodyTooLarge();
          yield chunk as Uint8Array;
        }
      })();
      try {
        await extras.objects.putStream(key, capped, {
          contentType: req.headers["content-type"] ?? "application/octet-stream",
        });
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        send(res, 413, {
          error: {
            code: "payload_too_large",
            message: message("import.upload_too_large", { megabytes: MAX_UPLOAD_BYTES / 2 ** 20 }),
          },
        });
        req.resume();
        return true;
      }
      res.writeHead(200, { "content-length": "0" }).end();
      return true;
    }
    if (path === "/_local/failpoints" && req.method === "GET") {
      send(res, 200, { items: extras.failpoints.list() });
      return true;
    }
    if (path === "/_local/failpoints" && req.method === "POST") {
      let parsed: ReturnType<LocalFailpoints["Arming"]["parse"]>;
      try {
        parsed = extras.failpoints.Arming.parse(JSON.parse((await readBody(req)).toString("utf8") || "{}"));
      } catch (error) {
        const fields =
          error instanceof z.ZodError
            ? error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
            : [{ path: "", message: message("local.failpoint_body") }];
        send(res, 400, {
          error: { code: "invalid_input", message: message("local.failpoint_invalid"), fields },
        });
        return true;
      }
      extras.failpoints.arm(parsed);
      send(res, 200, { items: extras.failpoints.list() });
      return true;
    }
    if (path === "/_local/timers" && req.method === "GET") {
      const ids = new URL(req.url ?? "/", "http://localhost").searchParams.getAll("id");
      if (ids.length < 1 || ids.length > 100 || ids.some((id) => id.length < 1 || id.length > 300)) {
        send(res, 400, {
          error: {
            code: "invalid_input",
            message: message("local.timer_ids"),
            fields: [{ path: "query.id", message: message("local.timer_ids_field") }],
          },
        });
        return true;
      }
      send(res, 200, { items: await extras.timers(ids) });
      return true;
    }
    if (path === "/_local/ses-events" && req.method === "POST" && extras.sesEvent) {
      // An SES event as EventBridge delivers it on AWS: the local SES viewer's mail marked delivered or bounced.
      let event: unknown;
      try {
        event = JSON.parse((await readBody(req)).toString("utf8") || "null");
      } catch {
        send(res, 400, { error: { code: "invalid_input", message: message("http.invalid_json") } });
        return true;
      }
      send(res, 200, await extras.sesEvent(event));
      return true;
    }
    if (path === "/_local/sms" && req.method === "GET") {
      send(res, 200, { items: extras.smsList() });
      return true;
    }
    return false;
  }

  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname.startsWith("/_local/") && (await local(req, res, url.pathname))) return;
      if (serveConsole(req, res, url.pathname, extras.consoleDist)) return;
      const found = compiled
        .map((c) => ({ ...c, params: c.match(url.pathname) }))
        .filter((c) => c.params)
        .find((c) => c.route.spec.method === req.method);
      if (!found) {
        const exists = compiled.some((c) => c.match(url.pathname));
        send(res, exists ? 405 : 404, {
          error: {
            code: exists ? "method_not_allowed" : "not_found",
            message: message(exists ? "http.method_not_allowed" : "http.not_found"),
          },
        });
        return;
      }
      let claims: Record<string, unknown> | undefined;
      if (found.route.spec.auth) {
        const header = req.headers.authorization ?? "";
        const token = /^Bearer (.+)$/i.exec(header)?.[1];
        if (!token) throw new Unauthenticated(said("auth.token_required"));
        claims = await extras.verify(token).catch(() => {
          throw new Unauthenticated(said("auth.token_invalid"));
        });
      }
      const body = await readBody(req);
      const event = {
        version: "2.0",
        routeKey: `${req.method} ${found.route.spec.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
        ),
        queryStringParameters: url.searchParams.size ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters: found.params,
        // Bytes as API Gateway hands over binary bodies: a GBK CSV upload must reach the decoder unchanged.
        body: body.length > 0 ? body.toString("base64") : undefined,
        isBase64Encoded: true,
        requestContext: {
          http: { method: req.method ?? "GET", path: url.pathname },
          ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
        },
      } as unknown as APIGatewayProxyEventV2;
      const handler = handlers.get(found.route.name);
      const result = await handler?.(event, {} as never);
      send(
        res,
        result?.statusCode ?? 500,
        result?.body ?? "",
        (result?.headers ?? {}) as Record<string, string>,
      );
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        send(
          res,
          413,
          {
            error: { code: "payload_too_large", message: message("http.body_too_large", { limit: "10 MB" }) },
          },
          { connection: "close" },
        );
        req.resume();
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const r = errorResponse(error, deps);
      send(res, r.statusCode ?? 500, r.body ?? "");
    }
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text || "null");
  } catch {
    return undefined;
  }
}

export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
