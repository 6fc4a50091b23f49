import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createAccidentService } from "../../functions/domain/accident-service";
import { DomainError } from "../../functions/domain/errors";
import { createHazardService } from "../../functions/domain/hazard-service";
import type { Principal } from "../../functions/domain/principal";
import { ROUTES } from "../../functions/http/routes";
import { signToken } from "../auth";
import type { Stack } from "../stack";
import type { HttpClient } from "./http";
import type { Caller } from "./subjects";

export type Answer = { status: number; body: Record<string, unknown> };

type Params = Record<string, string>;

/**
 * The in-process use-case a route stands for, called when the route is not registered (yet): the brief's
 * fallback while the HTTP routes of hazards and accidents were being written. The result names which.
 */
const SERVICE: Record<
  string,
  (stack: Stack, p: Principal, params: Params, body: unknown) => Promise<unknown>
> = {
  RegisterHazard: (s, p, x, b) => createHazardService(s.deps).register(p, x.creditCode as string, b as never),
  GetHazard: (s, p, x) => createHazardService(s.deps).get(p, x.id as string),
  RectifyHazard: (s, p, x, b) => createHazardService(s.deps).rectify(p, x.id as string, b),
  PutHazardPlan: (s, p, x, b) => createHazardService(s.deps).plan(p, x.id as string, b),
  PostHazardListing: (s, p, x, b) => createHazardService(s.deps).list(p, x.id as string, b),
  PostHazardProgress: (s, p, x, b) => createHazardService(s.deps).fileProgress(p, x.id as string, b),
  RequestHazardExtension: (s, p, x, b) => createHazardService(s.deps).requestExtension(p, x.id as string, b),
  DecideHazardExtension: (s, p, x, b) =>
    createHazardService(s.deps).decideExtension(p, x.id as string, Number(x.n), b),
  RecordHazardEvaluation: (s, p, x, b) => createHazardService(s.deps).recordEvaluation(p, x.id as string, b),
  RequestHazardAcceptance: (s, p, x) => createHazardService(s.deps).requestAcceptance(p, x.id as string),
  RecordHazardAcceptance: (s, p, x, b) => createHazardService(s.deps).recordAcceptance(p, x.id as string, b),
  CreateAccident: (s, p, _x, b) => createAccidentService(s.deps).create(p, b),
  GetAccident: (s, p, x) => createAccidentService(s.deps).get(p, x.id as string),
  ExtendAccidentInvestigation: (s, p, x, b) =>
    createAccidentService(s.deps).extendInvestigation(p, x.id as string, b),
  CloseAccident: (s, p, x, b) => createAccidentService(s.deps).close(p, x.id as string, b),
  RecordAccidentEvaluation: (s, p, x, b) =>
    createAccidentService(s.deps).recordEvaluation(p, x.id as string, b),
};

/**
 * Hazard and accident requests as the people would make them: over HTTP with their token, through the
 * route handler in-process (`direct`), or — for a route that is not registered — the use-case itself.
 */
export function createSubjectClient(stack: Stack, transport: "http" | "direct", http: HttpClient) {
  const tokens = new Map<string, Promise<string>>();
  const handlers = new Map<string, ReturnType<(typeof ROUTES)[number]["create"]>>();
  const viaService = new Set<string>();
  const routeOf = (name: string) => ROUTES.find((r) => r.name === name);

  const tokenOf = (c: Caller) => {
    let token = tokens.get(c.sub);
    if (!token) {
      token = signToken(stack.secret, {
        role: c.role,
        jurisdiction: c.jurisdiction,
        sub: c.sub,
        ...(c.enterprise ? { enterprise: c.enterprise } : {}),
      });
      tokens.set(c.sub, token);
    }
    return token;
  };

  async function call(name: string, caller: Caller, params: Params, body?: unknown): Promise<Answer> {
    const route = routeOf(name);
    const principal: Principal = {
      sub: caller.sub,
      role: caller.role,
      jurisdiction: caller.jurisdiction,
      ...(caller.enterprise ? { enterprise: caller.enterprise } : {}),
    };
    if (!route) {
      viaService.add(name);
      const use = SERVICE[name];
      if (!use) throw new Error(`no route and no use-case for ${name}`);
      try {
        return { status: 200, body: (await use(stack, principal, params, body)) as Record<string, unknown> };
      } catch (error) {
        if (error instanceof DomainError)
          return { status: error.status, body: { error: { code: error.code, message: error.message } } };
        throw error;
      }
    }
    const path = route.spec.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ""));
    const text = body === undefined ? undefined : JSON.stringify(body);
    let status: number;
    let raw: string;
    if (transport === "http") {
      const res = await http.send(
        route.spec.method,
        path,
        {
          authorization: `Bearer ${await tokenOf(caller)}`,
          ...(text === undefined ? {} : { "content-type": "application/json" }),
        },
        text,
      );
      status = res.status;
      raw = res.text;
    } else {
      let handler = handlers.get(name);
      if (!handler) {
        handler = route.create(stack.deps);
        handlers.set(name, handler);
      }
      const out = await handler(
        {
          version: "2.0",
          routeKey: `${route.spec.method} ${route.spec.path}`,
          rawPath: path,
          rawQueryString: "",
          headers: text === undefined ? {} : { "content-type": "application/json" },
          pathParameters: params,
          ...(text === undefined ? {} : { body: text }),
          isBase64Encoded: false,
          requestContext: {
            http: { method: route.spec.method },
            authorizer: { jwt: { claims: { ...principal }, scopes: [] } },
          },
        } as unknown as APIGatewayProxyEventV2,
        {} as never,
      );
      status = out.statusCode ?? 500;
      raw = out.body ?? "";
    }
    return { status, body: JSON.parse(raw || "{}") as Record<string, unknown> };
  }

  return {
    call,
    /** Routes that were not registered and went to the use-case in-process instead. */
    viaService: () => [...viaService].sort(),
  };
}
export type SubjectClient = ReturnType<typeof createSubjectClient>;
