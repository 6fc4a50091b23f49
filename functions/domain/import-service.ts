import type { DubanConfig } from "../../config/schema";
import { createCatalogueService } from "./catalogue-service";
import { NotFound } from "./errors";
import {
  IMPORT_PAGE_ROWS,
  type ImportJob,
  ImportPageRef,
  ImportRef,
  type ImportView,
  importView,
  pagesOf,
} from "./import-job";
import { isWithin } from "./jurisdiction";
import { said } from "./messages";
import type { CatalogueStore, Clock, FilingStore, ImportStore, WorkflowStarter } from "./ports";
import { assertOfficial, type Principal } from "./principal";

type Deps = {
  catalogue: CatalogueStore;
  filings: FilingStore;
  imports: ImportStore;
  workflows: WorkflowStarter;
  clock: Clock;
  config: DubanConfig;
  ids: { next(prefix: string): string };
};

export const IMPORT_WORKFLOW = "enterprise-import";

/**
 * Catalogue imports as jobs. The file is parsed once when it is posted (a file whose columns cannot be
 * trusted is refused at once, 400); its pages are stored with the job; the `enterprise-import` workflow
 * applies them page by page (`planImport` → `importPage` × n → `finishImport`). A file of one page is
 * applied inline before the answer. Every step may run again after a crash and changes nothing twice.
 */
export function createImportService(deps: Deps) {
  const { imports, clock } = deps;
  const catalogue = createCatalogueService(deps);

  async function view(job: ImportJob): Promise<ImportView> {
    const results = await imports.results(job.id);
    return importView(job, [...results.values()]);
  }

  async function pendingPages(job: ImportJob): Promise<number[]> {
    const done = await imports.results(job.id);
    return Array.from({ length: job.pages }, (_, page) => page).filter((page) => !done.has(page));
  }

  async function importPage(input: unknown): Promise<{ importId: string; page: number }> {
    const { importId, page } = ImportPageRef.parse(input);
    const job = await imports.get(importId);
    const item = await imports.page(importId, page);
    if (!job || !item) throw new Error(`import ${importId} has no page ${page}`);
    if (item.result) return { importId, page };
    const applied = await catalogue.applyEnterpriseRows(job.actor, item.rows);
    const refused = new Set(applied.rejected.map((r) => r.line));
    const warnings = (item.warnings ?? []).filter((w) => !refused.has(w.line));
    await imports.saveResult(importId, page, {
      imported: applied.imported,
      updated: applied.updated,
      rejected: [...item.parseRejected, ...applied.rejected].sort((a, b) => a.line - b.line),
      ...(warnings.length > 0 ? { warnings } : {}),
    });
    return { importId, page };
  }

  async function finishImport(input: unknown): Promise<{ importId: string; status: string }> {
    const { importId } = ImportRef.parse(input);
    const job = await imports.get(importId);
    if (!job) throw new Error(`no import ${importId}`);
    const pending = await pendingPages(job);
    // A page left over means a page failed past its retries: the execution fails and is alarmed.
    if (pending.length > 0) throw new Error(`import ${importId} still has pages ${pending.join(", ")}`);
    await imports.finish(importId, clock.now().toISOString());
    return { importId, status: "done" };
  }

  return {
    async accept(principal: Principal, csv: string | Uint8Array): Promise<ImportView> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const parsed = await catalogue.parseEnterpriseFile(csv);
      const pages = pagesOf(parsed, IMPORT_PAGE_ROWS);
      const job: ImportJob = {
        id: deps.ids.next("IMP"),
        kind: "enterprises",
        actor: principal,
        status: "running",
        createdAt: clock.now().toISOString(),
        rows: parsed.rows.length + parsed.rejected.length,
        pages: pages.length,
      };
      await imports.create(job, pages);
      if (pages.length <= 1) {
        if (pages.length === 1) await importPage({ importId: job.id, page: 0 });
        await finishImport({ importId: job.id });
        const done = await imports.get(job.id);
        return view(done ?? job);
      }
      await deps.workflows.start(IMPORT_WORKFLOW, job.id, { importId: job.id });
      return view(job);
    },

    /** The job with its progress and line problems; only for officials over the importer's jurisdiction. */
    async get(principal: Principal, id: string): Promise<ImportView> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const job = await imports.get(id);
      // The importer's jurisdiction lies within the caller's: the same county, or a city or province over it.
      if (!job || !isWithin(job.actor.jurisdiction, principal.jurisdiction)) {
        throw new NotFound(said("import.not_found", { id }));
      }
      return view(job);
    },

    /** Workflow: the pages still to apply (all of them, or what a crash left). */
    async planImport(input: unknown): Promise<{ importId: string; pages: number[] }> {
      const { importId } = ImportRef.parse(input);
      const job = await imports.get(importId);
      if (!job) throw new Error(`no import ${importId}`);
      return { importId, pages: job.status === "done" ? [] : await pendingPages(job) };
    },
    importPage,
    finishImport,
    /** Imports a crash left unfinished, for the reconciler. */
    unfinished: () => imports.unfinished(),
  };
}
