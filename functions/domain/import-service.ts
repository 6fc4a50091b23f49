import { createCatalogueService } from "./catalogue-service";
import type { DubanConfig } from "./config-schema";
import { Conflict, InvalidInput, NotFound } from "./errors";
import { failpoint } from "./failpoints";
import {
  IMPORT_PAGE_ROWS,
  type ImportJob,
  ImportPageRef,
  ImportRef,
  type ImportView,
  importView,
  jobOfUpload,
  MAX_UPLOAD_BYTES,
  pagesOf,
  UPLOAD_URL_SECONDS,
  uploadKey,
} from "./import-job";
import { isWithin } from "./jurisdiction";
import { message, said } from "./messages";
import type { CatalogueStore, Clock, FilingStore, ImportStore, ObjectStore, WorkflowStarter } from "./ports";
import { assertOfficial, type Principal } from "./principal";

type Deps = {
  catalogue: CatalogueStore;
  filings: FilingStore;
  imports: ImportStore;
  objects: ObjectStore;
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
 * applied inline before the answer. A file too large for a request body is uploaded to the object store
 * first (`requestUpload` → PUT to the URL → `acceptUpload`); then `planImport` reads and parses it in the
 * workflow and stores its pages. Every step may run again after a crash and changes nothing twice.
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
    failpoint("import-page-applied");
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

  /**
   * An uploaded file's pages, stored once: the file is read from the object store and parsed; a file that
   * is not a catalogue (no such object, too large, unknown columns) ends the job as failed with the reason.
   */
  async function planUpload(job: ImportJob & { upload: { key: string } }): Promise<void> {
    const bytes = await deps.objects.get(job.upload.key);
    let problem: string | undefined;
    if (!bytes) problem = message("import.upload_missing");
    else if (bytes.byteLength > MAX_UPLOAD_BYTES)
      problem = message("import.upload_too_large", { megabytes: MAX_UPLOAD_BYTES / 2 ** 20 });
    if (!bytes || problem) {
      await imports.fail(job.id, problem ?? "", clock.now().toISOString());
      return;
    }
    let parsed: Awaited<ReturnType<typeof catalogue.parseEnterpriseFile>>;
    try {
      parsed = await catalogue.parseEnterpriseFile(bytes);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      await imports.fail(job.id, error.message, clock.now().toISOString());
      return;
    }
    const pages = pagesOf(parsed, IMPORT_PAGE_ROWS);
    await imports.plan(job.id, pages, {
      rows: parsed.rows.length + parsed.rejected.length,
      pages: pages.length,
    });
  }

  async function finishImport(input: unknown): Promise<{ importId: string; status: string }> {
    const { importId } = ImportRef.parse(input);
    const job = await imports.get(importId);
    if (!job) throw new Error(`no import ${importId}`);
    if (job.status === "failed") return { importId, status: job.status };
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
      // Nothing applied yet: no need to read back every page (each still holds its rows) to say so.
      return importView(job, []);
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

    /**
     * An upload URL for a file too large to post: PUT the file's bytes to it within the hour, then start
     * the import with `acceptUpload`.
     */
    async requestUpload(principal: Principal) {
      assertOfficial(principal, ["admin", "anweiban"]);
      const id = deps.ids.next("UPL");
      const createdAt = clock.now().toISOString();
      const key = uploadKey(id);
      await imports.createUpload({ id, actor: principal, createdAt, key });
      return {
        uploadId: id,
        uploadUrl: await deps.objects.uploadUrl(key, { expiresInSeconds: UPLOAD_URL_SECONDS }),
        method: "PUT" as const,
        expiresAt: new Date(Date.parse(createdAt) + UPLOAD_URL_SECONDS * 1000).toISOString(),
        maxBytes: MAX_UPLOAD_BYTES,
      };
    },

    /**
     * Starts the import of an uploaded file (202): the workflow reads it from the object store. Only the
     * official who asked for the upload URL may start it; starting it again answers the same job.
     */
    async acceptUpload(principal: Principal, uploadId: string): Promise<ImportView> {
      assertOfficial(principal, ["admin", "anweiban"]);
      const upload = await imports.getUpload(uploadId);
      if (!upload || upload.actor.sub !== principal.sub) {
        throw new NotFound(said("import.upload_not_found", { id: uploadId }));
      }
      const id = jobOfUpload(uploadId);
      const started = await imports.get(id);
      if (started) return view(started);
      const size = await deps.objects.size(upload.key);
      if (size === undefined) throw new Conflict(said("import.upload_not_received", { id: uploadId }));
      if (size > MAX_UPLOAD_BYTES) {
        throw new InvalidInput(said("import.upload_too_large", { megabytes: MAX_UPLOAD_BYTES / 2 ** 20 }));
      }
      const job: ImportJob = {
        id,
        kind: "enterprises",
        actor: upload.actor,
        status: "running",
        createdAt: clock.now().toISOString(),
        rows: 0,
        pages: 0,
        upload: { id: uploadId, key: upload.key },
        planned: false,
      };
      await imports.create(job, []);
      await deps.workflows.start(IMPORT_WORKFLOW, job.id, { importId: job.id });
      return view(job);
    },

    /** Workflow: the pages still to apply (all of them, or what a crash left); an upload's parsed first. */
    async planImport(input: unknown): Promise<{ importId: string; pages: number[] }> {
      const { importId } = ImportRef.parse(input);
      let job = await imports.get(importId);
      if (!job) throw new Error(`no import ${importId}`);
      if (job.upload && !job.planned && job.status === "running") {
        await planUpload({ ...job, upload: job.upload });
        job = (await imports.get(importId)) ?? job;
      }
      return { importId, pages: job.status === "running" ? await pendingPages(job) : [] };
    },
    importPage,
    finishImport,
    /** Imports a crash left unfinished, for the reconciler. */
    unfinished: () => imports.unfinished(),
  };
}
