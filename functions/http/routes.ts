import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { AwsPort, Deps, Invocable } from "../adapters/deps";
import * as changeEnterpriseStatus from "./change-enterprise-status";
import * as closeAccident from "./close-accident";
import * as createAccident from "./create-accident";
import * as deactivateOfficial from "./deactivate-official";
import * as decideHazardExtension from "./decide-hazard-extension";
import * as downloadBulletin from "./download-bulletin";
import * as editBulletin from "./edit-bulletin";
import * as extendAccidentInvestigation from "./extend-accident-investigation";
import * as getAccident from "./get-accident";
import * as getBulletin from "./get-bulletin";
import * as getEnterprise from "./get-enterprise";
import * as getHazard from "./get-hazard";
import * as getImport from "./get-import";
import * as getMe from "./get-me";
import * as getMonthlyReport from "./get-monthly-report";
import * as getOfficial from "./get-official";
import * as getPolicy from "./get-policy";
import * as getStatistics from "./get-statistics";
import * as getStatisticsDraft from "./get-statistics-draft";
import * as healthz from "./healthz";
import * as importEnterprises from "./import-enterprises";
import * as importOfficials from "./import-officials";
import * as importUploadedEnterprises from "./import-uploaded-enterprises";
import * as issueBulletin from "./issue-bulletin";
import * as listAccidents from "./list-accidents";
import * as listBulletins from "./list-bulletins";
import * as listEnterprises from "./list-enterprises";
import * as listHazards from "./list-hazards";
import * as listMonthlyReports from "./list-monthly-reports";
import * as listNotifications from "./list-notifications";
import * as listOfficials from "./list-officials";
import * as openapi from "./openapi";
import * as postHazardListing from "./post-hazard-listing";
import * as postHazardProgress from "./post-hazard-progress";
import * as providerCallback from "./provider-callback";
import * as putCalendarYear from "./put-calendar-year";
import * as putHazardPlan from "./put-hazard-plan";
import * as putMonthlyReport from "./put-monthly-report";
import * as putPolicy from "./put-policy";
import * as putStatisticsReport from "./put-statistics-report";
import * as reactivateOfficial from "./reactivate-official";
import * as recordAccidentEvaluation from "./record-accident-evaluation";
import * as recordHazardAcceptance from "./record-hazard-acceptance";
import * as recordHazardEvaluation from "./record-hazard-evaluation";
import * as rectifyHazard from "./rectify-hazard";
import * as registerHazard from "./register-hazard";
import * as requestHazardAcceptance from "./request-hazard-acceptance";
import * as requestHazardExtension from "./request-hazard-extension";
import * as requestImportUpload from "./request-import-upload";
import * as requestSweep from "./request-sweep";
import type { RouteSpec } from "./route";
import * as submitAccidentReport from "./submit-accident-report";
import * as supersedeBulletin from "./supersede-bulletin";
import * as transferEnterprise from "./transfer-enterprise";
import * as withdrawAccident from "./withdraw-accident";

/**
 * Every HTTP route with the file that handles it. CDK makes one function and one API Gateway route of each
 * (`entry`); the local server routes to the same `create(deps)` in-process.
 */
export type RouteModule = {
  name: string;
  entry: string;
  spec: RouteSpec;
  create: (deps: Deps) => Invocable<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
  /** The AWS ports the handler names: its bundle holds only their clients, its role only their grants. */
  ports: readonly AwsPort[];
};

export const ROUTES: RouteModule[] = [
  { name: "ImportEnterprises", entry: "functions/http/import-enterprises.ts", ...importEnterprises },
  { name: "RequestImportUpload", entry: "functions/http/request-import-upload.ts", ...requestImportUpload },
  {
    name: "ImportUploadedEnterprises",
    entry: "functions/http/import-uploaded-enterprises.ts",
    ...importUploadedEnterprises,
  },
  { name: "GetImport", entry: "functions/http/get-import.ts", ...getImport },
  { name: "ImportOfficials", entry: "functions/http/import-officials.ts", ...importOfficials },
  { name: "ListEnterprises", entry: "functions/http/list-enterprises.ts", ...listEnterprises },
  { name: "ListOfficials", entry: "functions/http/list-officials.ts", ...listOfficials },
  { name: "GetOfficial", entry: "functions/http/get-official.ts", ...getOfficial },
  { name: "DeactivateOfficial", entry: "functions/http/deactivate-official.ts", ...deactivateOfficial },
  { name: "ReactivateOfficial", entry: "functions/http/reactivate-official.ts", ...reactivateOfficial },
  { name: "GetEnterprise", entry: "functions/http/get-enterprise.ts", ...getEnterprise },
  { name: "TransferEnterprise", entry: "functions/http/transfer-enterprise.ts", ...transferEnterprise },
  {
    name: "ChangeEnterpriseStatus",
    entry: "functions/http/change-enterprise-status.ts",
    ...changeEnterpriseStatus,
  },
  { name: "GetMe", entry: "functions/http/get-me.ts", ...getMe },
  { name: "GetMonthlyReport", entry: "functions/http/get-monthly-report.ts", ...getMonthlyReport },
  { name: "PutMonthlyReport", entry: "functions/http/put-monthly-report.ts", ...putMonthlyReport },
  { name: "ListMonthlyReports", entry: "functions/http/list-monthly-reports.ts", ...listMonthlyReports },
  { name: "ListNotifications", entry: "functions/http/list-notifications.ts", ...listNotifications },
  { name: "ProviderCallback", entry: "functions/http/provider-callback.ts", ...providerCallback },
  { name: "RegisterHazard", entry: "functions/http/register-hazard.ts", ...registerHazard },
  { name: "GetHazard", entry: "functions/http/get-hazard.ts", ...getHazard },
  { name: "ListHazards", entry: "functions/http/list-hazards.ts", ...listHazards },
  { name: "RectifyHazard", entry: "functions/http/rectify-hazard.ts", ...rectifyHazard },
  { name: "PutHazardPlan", entry: "functions/http/put-hazard-plan.ts", ...putHazardPlan },
  { name: "PostHazardListing", entry: "functions/http/post-hazard-listing.ts", ...postHazardListing },
  { name: "PostHazardProgress", entry: "functions/http/post-hazard-progress.ts", ...postHazardProgress },
  {
    name: "RequestHazardExtension",
    entry: "functions/http/request-hazard-extension.ts",
    ...requestHazardExtension,
  },
  {
    name: "DecideHazardExtension",
    entry: "functions/http/decide-hazard-extension.ts",
    ...decideHazardExtension,
  },
  {
    name: "RecordHazardEvaluation",
    entry: "functions/http/record-hazard-evaluation.ts",
    ...recordHazardEvaluation,
  },
  {
    name: "RequestHazardAcceptance",
    entry: "functions/http/request-hazard-acceptance.ts",
    ...requestHazardAcceptance,
  },
  {
    name: "RecordHazardAcceptance",
    entry: "functions/http/record-hazard-acceptance.ts",
    ...recordHazardAcceptance,
  },
  { name: "CreateAccident", entry: "functions/http/create-accident.ts", ...createAccident },
  { name: "GetAccident", entry: "functions/http/get-accident.ts", ...getAccident },
  { name: "ListAccidents", entry: "functions/http/list-accidents.ts", ...listAccidents },
  {
    name: "ExtendAccidentInvestigation",
    entry: "functions/http/extend-accident-investigation.ts",
    ...extendAccidentInvestigation,
  },
  {
    name: "SubmitAccidentReport",
    entry: "functions/http/submit-accident-report.ts",
    ...submitAccidentReport,
  },
  { name: "GetPolicy", entry: "functions/http/get-policy.ts", ...getPolicy },
  { name: "PutPolicy", entry: "functions/http/put-policy.ts", ...putPolicy },
  { name: "CloseAccident", entry: "functions/http/close-accident.ts", ...closeAccident },
  { name: "WithdrawAccident", entry: "functions/http/withdraw-accident.ts", ...withdrawAccident },
  {
    name: "RecordAccidentEvaluation",
    entry: "functions/http/record-accident-evaluation.ts",
    ...recordAccidentEvaluation,
  },
  { name: "PutCalendarYear", entry: "functions/http/put-calendar-year.ts", ...putCalendarYear },
  { name: "PutStatisticsReport", entry: "functions/http/put-statistics-report.ts", ...putStatisticsReport },
  { name: "GetStatisticsDraft", entry: "functions/http/get-statistics-draft.ts", ...getStatisticsDraft },
  { name: "GetStatistics", entry: "functions/http/get-statistics.ts", ...getStatistics },
  { name: "RequestSweep", entry: "functions/http/request-sweep.ts", ...requestSweep },
  { name: "ListBulletins", entry: "functions/http/list-bulletins.ts", ...listBulletins },
  { name: "GetBulletin", entry: "functions/http/get-bulletin.ts", ...getBulletin },
  { name: "EditBulletin", entry: "functions/http/edit-bulletin.ts", ...editBulletin },
  { name: "IssueBulletin", entry: "functions/http/issue-bulletin.ts", ...issueBulletin },
  { name: "SupersedeBulletin", entry: "functions/http/supersede-bulletin.ts", ...supersedeBulletin },
  { name: "DownloadBulletin", entry: "functions/http/download-bulletin.ts", ...downloadBulletin },
  { name: "OpenApi", entry: "functions/http/openapi.ts", ...openapi },
  { name: "Healthz", entry: "functions/http/healthz.ts", ...healthz },
];
