/**
 * How large each function's bundle (index.mjs, minified, the AWS SDK included) may be; test/infra checks
 * every function after each synth and prints the table. A cold start parses the whole file, so the budget is
 * on what a function loads, in two parts:
 * - `own`: duban's code and the libraries it uses, the AWS SDK left out (what this repository controls);
 * - `total`: with the SDK clients the handler's ports bring (functions/adapters/aws-ports/).
 * The SDK is bundled on purpose (infra/function.ts: the tested versions, not the runtime's): DynamoDB and its
 * credential chain alone are ~330 KB minified, so a 400 KB total is out of reach for any function that reads
 * the table. The goal for everything else a route handler loads is 400 KB; today it is 375–425 KB (zod,
 * the message catalogue, the division table, the config, chinese-days, the use case), so the budget holds it
 * at 480 KB until the use cases' shared modules are split further.
 */
export type BundleBudget = { own: number; total: number; why: string };

const KB = 1024;

/** A route handler: its use case, zod, the catalogue of messages, the jurisdictions; DynamoDB and its ports. */
export const ROUTE_BUDGET: BundleBudget = {
  own: 480 * KB,
  total: 1_150 * KB,
  why: "a use case and its ports; the total allows S3, SES, SMS, Scheduler and Step Functions for the routes that notify",
};

/** A workflow task: the same, without an HTTP layer. */
export const TASK_BUDGET: BundleBudget = {
  own: 480 * KB,
  total: 1_150 * KB,
  why: "one step of a workflow and the clients of its ports",
};

const FILE_FORMATS: BundleBudget = {
  own: 1_600 * KB,
  total: 2_300 * KB,
  why: "reads or writes spreadsheets: exceljs, jszip and the GBK decoder of uploaded catalogue files",
};

const RENDERING: BundleBudget = {
  own: 3_000 * KB,
  total: 3_500 * KB,
  why: "renders or reads bulletins (PDF: pdfkit, fontkit and its brotli tables; xlsx: exceljs); the faces are files beside the bundle",
};

/** Functions whose work needs more than a use case, each with its reason. */
export const LARGER_BUDGETS: Readonly<Record<string, BundleBudget>> = {
  "functions/http/list-hazards.ts": FILE_FORMATS,
  "functions/http/list-monthly-reports.ts": FILE_FORMATS,
  "functions/http/import-enterprises.ts": FILE_FORMATS,
  "functions/http/import-uploaded-enterprises.ts": FILE_FORMATS,
  "functions/http/request-import-upload.ts": FILE_FORMATS,
  "functions/http/get-import.ts": FILE_FORMATS,
  "functions/http/import-officials.ts": FILE_FORMATS,
  "functions/tasks/plan-import.ts": FILE_FORMATS,
  "functions/tasks/import-page.ts": FILE_FORMATS,
  "functions/tasks/finish-import.ts": FILE_FORMATS,
  "functions/http/get-bulletin.ts": RENDERING,
  "functions/http/list-bulletins.ts": RENDERING,
  "functions/http/download-bulletin.ts": RENDERING,
  "functions/http/edit-bulletin.ts": RENDERING,
  "functions/http/issue-bulletin.ts": RENDERING,
  "functions/http/supersede-bulletin.ts": RENDERING,
  "functions/tasks/draft-bulletin.ts": RENDERING,
  "functions/tasks/remind-bulletin.ts": RENDERING,
  "functions/tasks/reconcile-effects.ts": RENDERING,
  "functions/http/openapi.ts": {
    own: 4_000 * KB,
    total: 4_300 * KB,
    why: "the OpenAPI document is generated from every route's schemas, so it imports every route module",
  },
};

export function budgetOf(entry: string, kind: "http" | "task"): BundleBudget {
  return LARGER_BUDGETS[entry] ?? (kind === "http" ? ROUTE_BUDGET : TASK_BUDGET);
}

/** The AWS SDK's share of a bundle: @aws-sdk/*, @smithy/* and what only they use. */
export const isAwsSdk = (input: string) =>
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke-store|mnemonist|obliterator|fast-xml-parser|strnum)\//.test(
    input,
  );
