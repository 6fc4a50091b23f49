import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Deps, Invocable } from "../adapters/deps";
import * as getEnterprise from "./get-enterprise";
import * as healthz from "./healthz";
import * as importEnterprises from "./import-enterprises";
import * as importOfficials from "./import-officials";
import * as listMonthlyReports from "./list-monthly-reports";
import * as listNotifications from "./list-notifications";
import * as openapi from "./openapi";
import * as putMonthlyReport from "./put-monthly-report";
import type { RouteSpec } from "./route";

/**
 * Every HTTP route with the file that handles it. CDK makes one function and one API Gateway route of each
 * (`entry`); the local server routes to the same `create(deps)` in-process.
 */
export type RouteModule = {
  name: string;
  entry: string;
  spec: RouteSpec;
  create: (deps: Deps) => Invocable<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
};

export const ROUTES: RouteModule[] = [
  { name: "ImportEnterprises", entry: "functions/http/import-enterprises.ts", ...importEnterprises },
  { name: "ImportOfficials", entry: "functions/http/import-officials.ts", ...importOfficials },
  { name: "GetEnterprise", entry: "functions/http/get-enterprise.ts", ...getEnterprise },
  { name: "PutMonthlyReport", entry: "functions/http/put-monthly-report.ts", ...putMonthlyReport },
  { name: "ListMonthlyReports", entry: "functions/http/list-monthly-reports.ts", ...listMonthlyReports },
  { name: "ListNotifications", entry: "functions/http/list-notifications.ts", ...listNotifications },
  { name: "OpenApi", entry: "functions/http/openapi.ts", ...openapi },
  { name: "Healthz", entry: "functions/http/healthz.ts", ...healthz },
];
