import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ROUTES } from "../../functions/http/routes";
import { signToken } from "../auth";
import type { Stack } from "../stack";
import type { HttpClient } from "./http";
import type { Observed } from "./invariants";
import type { EnterprisePlan, FilingEvent, Plan } from "./plan";

export type Work = { e: EnterprisePlan; i: number; event: FilingEvent };
export type Receipt = Observed["receipts"][number];

/** Files one report as the enterprise would: over HTTP with its token, or through the handler in-process. */
export function createFiler(stack: Stack, plan: Plan, transport: "http" | "direct", http: HttpClient) {
  const tokens = new Map<string, Promise<string>>();
  const handler = ROUTES.find((r) => r.name === "PutMonthlyReport")?.create(stack.deps);
  if (!handler) throw new Error("no PutMonthlyReport route");
  return async ({ e, i, event }: Work): Promise<Receipt> => {
    const { creditCode, countyCode, legalRep } = e.enterprise;
    const period = plan.periods[i]?.period as string;
    const body = JSON.stringify({
      signedBy: legalRep.name,
      selfInspections: event.selfInspections,
      hazardsFound: { general: event.hazardsGeneral, major: 0 },
      hazardsRectified: { general: event.hazardsGeneral, major: 0 },
      ...(event.amendment ? { notes: "更正：补录本月自查记录" } : {}),
    });
    let status: number;
    let text: string;
    if (transport === "http") {
      let token = tokens.get(creditCode);
      if (!token) {
        token = signToken(stack.secret, {
          role: "enterprise",
          jurisdiction: countyCode,
          enterprise: creditCode,
        });
        tokens.set(creditCode, token);
      }
      const res = await http.send(
        "PUT",
        `/v1/enterprises/${creditCode}/monthly-reports/${period}`,
        { authorization: `Bearer ${await token}`, "content-type": "application/json" },
        body,
      );
      status = res.status;
      text = res.text;
    } else {
      const claims = {
        sub: `enterprise:${creditCode}`,
        role: "enterprise",
        jurisdiction: countyCode,
        enterprise: creditCode,
      };
      const out = await handler(
        {
          version: "2.0",
          routeKey: "PUT /v1/enterprises/{creditCode}/monthly-reports/{period}",
          rawPath: `/v1/enterprises/${creditCode}/monthly-reports/${period}`,
          rawQueryString: "",
          headers: { "content-type": "application/json" },
          pathParameters: { creditCode, period },
          body,
          isBase64Encoded: false,
          requestContext: { http: { method: "PUT" }, authorizer: { jwt: { claims, scopes: [] } } },
        } as unknown as APIGatewayProxyEventV2,
        {} as never,
      );
      status = out.statusCode ?? 500;
      text = out.body ?? "";
    }
    const json = JSON.parse(text || "{}") as { status?: string; error?: { code: string; message: string } };
    return {
      creditCode,
      period,
      at: event.at.toISOString(),
      httpStatus: status,
      ...(json.status ? { status: json.status } : {}),
      ...(json.error ? { error: `${json.error.code}: ${json.error.message}` } : {}),
    };
  };
}
