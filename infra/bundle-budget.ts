/**
 * How large each function's bundle (index.mjs, minified) may be; test/infra checks every function after each
 * synth and prints the table. A cold start parses the whole file, so the budget is on what a function ships:
 * duban's code and the libraries it uses. The AWS SDK is not in it: it is the Lambda runtime's copy
 * (infra/function.ts RUNTIME_SDK_PACKAGES, with the trade-off), and test/infra checks that a bundle leaves
 * out nothing else.
 */
export type BundleBudget = { size: number; why: string };

const KB = 1024;

/**
 * A route handler: its use case, zod, the catalogue of messages, the GB/T 2260 table, the config and the
 * stores (today 332–379 KB; `npm run bench:bundles -- --top 20` shows what fills one).
 */
export const ROUTE_BUDGET: BundleBudget = {
  size: 400 * KB,
  why: "a use case, its stores and the clients of its ports",
};

/** A workflow task: the same, without an HTTP layer (today 326–394 KB). */
export const TASK_BUDGET: BundleBudget = {
  size: 400 * KB,
  why: "one step of a workflow, its stores and the clients of its ports",
};

const FILE_FORMATS: BundleBudget = {
  size: 700 * KB,
  why: "reads or writes spreadsheets: exceljs, jszip and the GBK decoder of uploaded catalogue files",
};

const SPREADSHEET_EXPORT: BundleBudget = {
  size: 1_500 * KB,
  why: "exports its list as a spreadsheet (exceljs and jszip, with their streams)",
};

const RENDERING: BundleBudget = {
  size: 2_400 * KB,
  why: "renders bulletins (PDF: pdfkit, fontkit and its brotli tables; xlsx: exceljs); the faces are files beside the bundle. The handlers that only read one bundle no renderer (functions/render/bulletin-use-cases.ts)",
};

/** Functions whose work needs more than a use case, each with its reason. */
export const LARGER_BUDGETS: Readonly<Record<string, BundleBudget>> = {
  "functions/http/list-hazards.ts": SPREADSHEET_EXPORT,
  "functions/http/list-monthly-reports.ts": SPREADSHEET_EXPORT,
  "functions/http/import-enterprises.ts": FILE_FORMATS,
  "functions/http/import-uploaded-enterprises.ts": FILE_FORMATS,
  "functions/http/request-import-upload.ts": FILE_FORMATS,
  "functions/http/get-import.ts": FILE_FORMATS,
  "functions/http/import-officials.ts": FILE_FORMATS,
  "functions/tasks/plan-import.ts": FILE_FORMATS,
  "functions/tasks/import-page.ts": FILE_FORMATS,
  "functions/tasks/finish-import.ts": FILE_FORMATS,
  "functions/http/edit-bulletin.ts": RENDERING,
  "functions/http/issue-bulletin.ts": RENDERING,
  "functions/http/supersede-bulletin.ts": RENDERING,
  "functions/tasks/draft-bulletin.ts": RENDERING,
  "functions/http/openapi.ts": {
    size: 2_900 * KB,
    why: "the OpenAPI document is generated from every route's schemas, so it imports every route module",
  },
};

export function budgetOf(entry: string, kind: "http" | "task"): BundleBudget {
  return LARGER_BUDGETS[entry] ?? (kind === "http" ? ROUTE_BUDGET : TASK_BUDGET);
}
