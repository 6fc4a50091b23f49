import * as z from "zod";
import type { Enterprise } from "./catalogue";
import type { ImportParse } from "./csv-import";
import type { Principal } from "./principal";

/**
 * A catalogue import as a job: the parsed file is cut into pages of consecutive lines, each page applied
 * as one idempotent unit (profiles, then the filings they owe) by the `enterprise-import` workflow, so that
 * a crash at any point is repaired by applying the unfinished pages again.
 */

/** Rows per page: a page item stays far below DynamoDB's 400 KB with 500 rows of ~350 bytes. */
export const IMPORT_PAGE_ROWS = 500;

export type LineProblem = { line: number; reason: string };

export type ImportPageItem = {
  page: number;
  rows: ImportParse<Enterprise>["rows"];
  /** Rows the parser already refused, reported with the page that holds their line. */
  parseRejected: LineProblem[];
  /** Rows imported with a note (a department no official belongs to), reported with the page's result. */
  warnings?: LineProblem[];
};

export type ImportPageResult = {
  imported: number;
  updated: number;
  rejected: LineProblem[];
  warnings?: LineProblem[];
};

export type ImportJob = {
  id: string;
  kind: "enterprises";
  /** Whose rights the pages are applied with: the caller who posted the file. */
  actor: Principal;
  /** `failed`: the uploaded file could not be read as a catalogue (`error` says why); nothing was written. */
  status: "running" | "done" | "failed";
  createdAt: string;
  finishedAt?: string;
  rows: number;
  pages: number;
  /**
   * A file uploaded to the object store first (a city's catalogue is too large for a request body): the
   * workflow reads and parses it, and stores its pages (`planned`), before it applies them.
   */
  upload?: { id: string; key: string };
  planned?: boolean;
  error?: string;
};

/** An upload URL handed to an official: the file goes to the object store under `key`, then is imported. */
export type ImportUpload = {
  id: string;
  actor: Principal;
  createdAt: string;
  key: string;
};

/** The largest file an upload may import: a province's catalogue as CSV is far below (60,000 rows ≈ 10 MB). */
export const MAX_UPLOAD_BYTES = 64 * 2 ** 20;

/** How long an upload URL may be used. */
export const UPLOAD_URL_SECONDS = 3600;

/** The object key of an upload: under `imports/`, which the bucket expires (infra/files.ts). */
export const uploadKey = (uploadId: string) => `imports/uploads/${uploadId}.csv`;

/** The import job of an upload: one per upload, so that starting it twice answers the same job. */
export const jobOfUpload = (uploadId: string) => uploadId.replace(/^UPL-/, "IMP-");

/** Cuts a parsed file into pages of consecutive lines (rows and rejected lines together). */
export function pagesOf(parsed: ImportParse<Enterprise>, size = IMPORT_PAGE_ROWS): ImportPageItem[] {
  const entries = [
    ...parsed.rows.map((row) => ({ line: row.line, row })),
    ...parsed.rejected.map((problem) => ({ line: problem.line, problem })),
  ].sort((a, b) => a.line - b.line);
  const pages: ImportPageItem[] = [];
  for (let start = 0; start < entries.length; start += size) {
    const slice = entries.slice(start, start + size);
    const rows = slice.flatMap((e) => ("row" in e && e.row ? [e.row] : []));
    const lines = new Set(rows.map((r) => r.line));
    const warnings = (parsed.warnings ?? []).filter((w) => lines.has(w.line));
    pages.push({
      page: pages.length,
      rows,
      parseRejected: slice.flatMap((e) => ("problem" in e && e.problem ? [e.problem] : [])),
      ...(warnings.length > 0 ? { warnings } : {}),
    });
  }
  return pages;
}

/** At most this many line problems in one answer; `rejectedCount` says how many there are. */
export const REJECTED_SHOWN = 1000;

export type ImportView = {
  id: string;
  status: ImportJob["status"];
  /** Why a `failed` import could not be read. */
  error?: string;
  createdAt: string;
  finishedAt?: string;
  rows: number;
  pages: number;
  pagesDone: number;
  imported: number;
  updated: number;
  rejectedCount: number;
  rejected: LineProblem[];
  /** Lines imported with a note a person should read (at most REJECTED_SHOWN). */
  warnings: LineProblem[];
};

export function importView(job: ImportJob, results: ImportPageResult[]): ImportView {
  const rejected = results.flatMap((r) => r.rejected).sort((a, b) => a.line - b.line);
  return {
    id: job.id,
    status: job.status,
    ...(job.error ? { error: job.error } : {}),
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    rows: job.rows,
    pages: job.pages,
    pagesDone: results.length,
    imported: results.reduce((n, r) => n + r.imported, 0),
    updated: results.reduce((n, r) => n + r.updated, 0),
    rejectedCount: rejected.length,
    rejected: rejected.slice(0, REJECTED_SHOWN),
    warnings: results
      .flatMap((r) => r.warnings ?? [])
      .sort((a, b) => a.line - b.line)
      .slice(0, REJECTED_SHOWN),
  };
}

/** Workflow inputs, validated like every boundary. */
export const ImportRef = z.object({ importId: z.string().min(1).max(100) });
export const ImportPageRef = ImportRef.extend({ page: z.number().int().min(0).max(100_000) });
