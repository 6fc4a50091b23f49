import * as z from "zod";
import {
  type Bulletin,
  bulletinId,
  dateText,
  draftDocument,
  EditBulletinBody,
  IssueBulletinBody,
  issuerShort,
  type NamedLists,
  periodText,
  SupersedeBulletinBody,
} from "../domain/bulletin";
import type { BulletinDocument } from "../domain/bulletin-document";
import { addDays, shanghaiAt, shanghaiDateOf } from "../domain/calendar";
import type { Official } from "../domain/catalogue";
import type { DubanConfig } from "../domain/config-schema";
import { Conflict, Forbidden, NotFound } from "../domain/errors";
import { failpoint } from "../domain/failpoints";
import { isWithin } from "../domain/jurisdiction";
import { said } from "../domain/messages";
import type { Log, Notifier } from "../domain/notifier";
import { parsePeriod, previousPeriod } from "../domain/period";
import type {
  BulletinStore,
  CatalogueStore,
  Clock,
  Message,
  ObjectStore,
  StoredBulletin,
  Timers,
} from "../domain/ports";
import { assertOfficial, type Principal, queryScope } from "../domain/principal";
import { SWEEP_LISTS, type SweepListName, type SweepSource, type SweepStore } from "../domain/statistics";
import { SWEEP_WORKFLOW, SWEPT_OBLIGATION } from "../domain/sweep-service";

/**
 * The bulletin's use cases without its renderers: the reads (list, get, download), the reminders and the
 * reconciler's deliveries need no PDF or xlsx, so their handlers import `createBulletinReads` from here and
 * bundle neither pdfkit, fontkit nor exceljs (infra/bundle-budget.ts). Drafting, editing, issuing and
 * correcting render both files: `createBulletinService` (./bulletin-service.ts) brings the renderers.
 */
export type BulletinReadDeps = {
  config: DubanConfig;
  clock: Clock;
  catalogue: CatalogueStore;
  sweeps: SweepStore & SweepSource;
  bulletins: BulletinStore;
  objects: ObjectStore;
  notifier: Notifier;
  timers: Timers;
  log: Log;
};

/** Both renders of a bulletin's document (./bulletin-service.ts: PDF and xlsx), with how long each took. */
export type BulletinRender = (
  document: BulletinDocument,
) => Promise<{ pdf: Uint8Array; xlsx: Uint8Array; renderMs: { pdf: number; xlsx: number } }>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
const Code = z.string().regex(/^\d{6}$/);
export const DraftBulletinInput = z.object({ period: Month, jurisdiction: Code });
export const RemindBulletinInput = z.object({
  bulletinId: z.string().min(1).max(60),
  step: z.string().min(1),
});
export const BULLETIN_REMINDER_PHASE = "bulletin-reminder";

export const BULLETIN_CONTENT_TYPE = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;
export type BulletinFormat = keyof typeof BULLETIN_CONTENT_TYPE;

/** What a caller reads: the stored bulletin without the object keys and the delivery bookkeeping. */
export function bulletinView(b: StoredBulletin) {
  const { delivery: _d, deliverySince: _s, files, ...rest } = b;
  return {
    ...rest,
    files: { pdf: { bytes: files.pdf.bytes }, xlsx: { bytes: files.xlsx.bytes } },
  };
}

export function bulletinSummary(b: StoredBulletin) {
  const { document: _doc, figures: _f, timeline: _t, ...rest } = bulletinView(b);
  return { ...rest, title: b.document.title };
}

/**
 * The bulletin's use cases: drafting in the sweep (figures and named lists from the stored result, both
 * renders made and stored), review and issue by the 安委办, correction by a superseding version, downloads,
 * and the delivery of an issued bulletin by email (the PDF attached) and SMS through the outbox. Without
 * `render`, the use cases that render throw (createBulletinReads hands out only the others).
 */
export function bulletinUseCases(deps: BulletinReadDeps & { render?: BulletinRender }) {
  const { config, clock } = deps;
  const trackAfterMissed =
    config.obligations.find((o) => o.id === SWEPT_OBLIGATION)?.digest.trackAfterMissed ?? 2;

  async function namedLists(jurisdiction: string, period: string, sizes: Record<string, number>) {
    const lists = {} as Record<SweepListName, { entries: unknown[]; total: number }>;
    for (const list of SWEEP_LISTS) {
      const entries: unknown[] = [];
      // The first rows only: a province's list of non-filers is never read whole for a bulletin.
      if ((sizes[list] ?? 0) > 0) {
        for await (const entry of deps.sweeps.listEntries(jurisdiction, period, list)) {
          entries.push(entry);
          if (entries.length >= config.bulletins.namedRows) break;
        }
      }
      lists[list] = { entries, total: Math.max(sizes[list] ?? 0, entries.length) };
    }
    return lists as NamedLists;
  }

  /** Both renders, stored under keys of the bulletin and its state, with their sizes and times. */
  async function render(id: string, document: BulletinDocument, state: "draft" | "issued") {
    if (!deps.render) throw new Error("this function was composed without the bulletin renderers");
    const { pdf, xlsx, renderMs } = await deps.render(document);
    const keys = { pdf: `bulletins/${id}/${state}.pdf`, xlsx: `bulletins/${id}/${state}.xlsx` };
    await deps.objects.put(keys.pdf, pdf, { contentType: BULLETIN_CONTENT_TYPE.pdf });
    await deps.objects.put(keys.xlsx, xlsx, { contentType: BULLETIN_CONTENT_TYPE.xlsx });
    return {
      files: { pdf: { key: keys.pdf, bytes: pdf.length }, xlsx: { key: keys.xlsx, bytes: xlsx.length } },
      renderMs,
    };
  }

  async function draftFrom(
    jurisdiction: string,
    period: string,
    texts: { foreword?: string; remarks?: string },
  ) {
    const result = await deps.sweeps.getResult(jurisdiction, period);
    if (!result) return undefined;
    const previous = await deps.sweeps.getResult(jurisdiction, previousPeriod("month", period));
    const lists = await namedLists(jurisdiction, period, result.listSizes);
    const now = clock.now();
    const document = draftDocument({
      result,
      ...(previous ? { previous } : {}),
      lists,
      trackAfterMissed,
      date: now,
      ...texts,
    });
    return { result, document, now };
  }

  async function reachable(principal: Principal, id: string): Promise<StoredBulletin> {
    assertOfficial(principal);
    const bulletin = await deps.bulletins.get(id);
    // Another jurisdiction's bulletin answers exactly like one that does not exist.
    if (!bulletin || !isWithin(bulletin.jurisdiction, principal.jurisdiction))
      throw new NotFound(said("bulletin.not_found", { id }));
    return bulletin;
  }

  /** Only the 安委办 of the bulletin's own jurisdiction edits, issues and corrects it. */
  function assertIssuer(principal: Principal, b: Bulletin) {
    if (principal.role !== "anweiban" || principal.jurisdiction !== b.jurisdiction)
      throw new Forbidden(said("bulletin.issuer_only", { jurisdiction: b.jurisdictionName }));
  }

  function assertDraft(b: Bulletin) {
    if (b.status === "issued")
      throw new Conflict(said("bulletin.already_issued", { id: b.id, documentNo: b.documentNo ?? "" }));
    if (b.status === "superseded")
      throw new Conflict(said("bulletin.superseded", { id: b.id, by: b.supersededBy ?? "" }));
  }

  const actor = (p: Principal) => ({ sub: p.sub, role: p.role, jurisdiction: p.jurisdiction });

  function reminderTimers(b: Bulletin) {
    const day = shanghaiDateOf(new Date(b.draftedAt));
    return config.bulletins.draftReminders.map((step) => ({
      id: `bulletin-${b.id}-${step.id}`,
      dueAt: shanghaiAt(addDays(day, step.afterDays), step.at).toISOString(),
      workflow: SWEEP_WORKFLOW,
      phase: BULLETIN_REMINDER_PHASE,
      input: { bulletinId: b.id, step: step.id },
    }));
  }

  function messagesTo(
    officials: Official[],
    b: Bulletin,
    keyPart: string,
    template: string,
    params: Record<string, string>,
    attachPdf: boolean,
  ): Message[] {
    const seen = new Set<string>();
    return officials.flatMap((o) =>
      (["email", "sms"] as const).flatMap((channel) => {
        const to = channel === "sms" ? o.mobile : o.email;
        if (!to || seen.has(`${channel}:${to}`)) return [];
        seen.add(`${channel}:${to}`);
        const message: Message = {
          key: `bulletin:${b.id}:${keyPart}:${channel}:${to}`,
          channel,
          recipient: to,
          recipientName: o.name,
          template,
          params: { ...params, recipient: o.name },
          subject: { type: "bulletin", id: b.id },
          // The recipient's own jurisdiction: a county's 安委办 reads the city's bulletin notice too.
          scope: o.jurisdictionCode,
          ...(attachPdf && channel === "email"
            ? {
                attachments: [
                  {
                    key: b.files.pdf.key,
                    fileName: `${b.document.title}.pdf`,
                    contentType: BULLETIN_CONTENT_TYPE.pdf,
                  },
                ],
              }
            : {}),
        };
        return [message];
      }),
    );
  }

  /** The leaders and the 安委办 of the jurisdiction, and the 安委办 of each child jurisdiction. */
  async function readers(b: Bulletin): Promise<Official[]> {
    const lists = await Promise.all([
      deps.catalogue.officialsOf(b.jurisdiction, "leader"),
      deps.catalogue.officialsOf(b.jurisdiction, "anweiban"),
      ...b.children.map((c) => deps.catalogue.officialsOf(c, "anweiban")),
    ]);
    return lists.flat();
  }

  async function deliver(b: StoredBulletin): Promise<number> {
    const messages = b.delivery ?? [];
    if (messages.length > 0) await deps.notifier.enqueue(messages);
    await deps.bulletins.clearDelivery(b.id, b.rev);
    return messages.length;
  }

  return {
    /**
     * The sweep's drafting of one jurisdiction's bulletin (task DraftBulletin): only where a 安委办 is on
     * file; idempotent per (jurisdiction, month, version) — a re-run sweep re-drafts a draft with its new
     * figures (keeping the 安委办's foreword and remarks) and leaves an issued bulletin alone.
     */
    async draft(raw: unknown) {
      const { period, jurisdiction } = DraftBulletinInput.parse(raw);
      const offices = await deps.catalogue.officialsOf(jurisdiction, "anweiban");
      if (offices.length === 0) return { jurisdiction, skipped: "no anweiban" };
      const versions = await deps.bulletins.versions(jurisdiction, period);
      const latest = versions.at(-1);
      if (latest && latest.status !== "draft") return { jurisdiction, id: latest.id, skipped: latest.status };
      const result = await deps.sweeps.getResult(jurisdiction, period);
      if (!result) return { jurisdiction, skipped: "not swept" };
      if (latest && latest.sweptAt === result.sweptAt)
        return { jurisdiction, id: latest.id, skipped: "drafted" };
      const drafted = await draftFrom(jurisdiction, period, {
        ...(latest?.foreword ? { foreword: latest.foreword } : {}),
        ...(latest?.remarks ? { remarks: latest.remarks } : {}),
      });
      if (!drafted) return { jurisdiction, skipped: "not swept" };
      const version = latest?.version ?? 1;
      const id = bulletinId(jurisdiction, period, version);
      const renders = await render(id, drafted.document, "draft");
      const now = drafted.now.toISOString();
      const bulletin: StoredBulletin = {
        ...(latest ?? {}),
        id,
        jurisdiction,
        jurisdictionName: result.name,
        level: result.level,
        period,
        version,
        status: "draft",
        children: result.children.map((c) => c.jurisdiction),
        draftedAt: now,
        sweptAt: result.sweptAt,
        figures: result.figures,
        document: drafted.document,
        ...renders,
        timeline: [...(latest?.timeline ?? []), { at: now, what: latest ? "redrafted" : "drafted" }],
        rev: (latest?.rev ?? 0) + 1,
      };
      await deps.bulletins.put(bulletin, latest?.rev);
      for (const timer of reminderTimers(bulletin)) await deps.timers.set(timer);
      return {
        jurisdiction,
        id,
        pdfBytes: renders.files.pdf.bytes,
        xlsxBytes: renders.files.xlsx.bytes,
        renderMs: renders.renderMs.pdf + renders.renderMs.xlsx,
      };
    },

    /** The versions of a jurisdiction's bulletin for a month (the caller's own jurisdiction or below: else 403). */
    async list(principal: Principal, query: { jurisdiction?: string; period: string }) {
      assertOfficial(principal);
      const period = parsePeriod("month", query.period);
      queryScope(principal, query.jurisdiction);
      const jurisdiction = query.jurisdiction ?? principal.jurisdiction;
      const versions = await deps.bulletins.versions(jurisdiction, period);
      return { items: versions.map(bulletinSummary) };
    },

    async get(principal: Principal, id: string) {
      return bulletinView(await reachable(principal, id));
    },

    /** The 安委办 adds or changes the foreword and remarks of a draft; an issued bulletin is 409. */
    async edit(principal: Principal, id: string, raw: unknown) {
      const body = EditBulletinBody.parse(raw);
      const b = await reachable(principal, id);
      assertIssuer(principal, b);
      assertDraft(b);
      const texts = {
        ...(b.foreword ? { foreword: b.foreword } : {}),
        ...(b.remarks ? { remarks: b.remarks } : {}),
        ...body,
      };
      const document = { ...b.document, ...texts };
      const renders = await render(id, document, "draft");
      const next: StoredBulletin = {
        ...b,
        ...texts,
        document,
        ...renders,
        timeline: [...b.timeline, { at: clock.now().toISOString(), what: "edited", actor: actor(principal) }],
        rev: b.rev + 1,
      };
      await deps.bulletins.put(next, b.rev);
      return bulletinView(next);
    },

    /**
     * Issue (印发): the document number, foreword and remarks go into the snapshot, both renders are made
     * again, and the messages to every reader are recorded in the same conditional write, then sent.
     */
    async issue(principal: Principal, id: string, raw: unknown) {
      const body = IssueBulletinBody.parse(raw);
      const b = await reachable(principal, id);
      assertIssuer(principal, b);
      assertDraft(b);
      const now = clock.now();
      const foreword = body.foreword ?? b.foreword;
      const remarks = body.remarks ?? b.remarks;
      const document: BulletinDocument = {
        ...b.document,
        documentNo: body.documentNo,
        ...(foreword ? { foreword } : {}),
        ...(remarks ? { remarks } : {}),
        dateText: dateText(now),
        draft: false,
      };
      const renders = await render(id, document, "issued");
      const issued: StoredBulletin = {
        ...b,
        status: "issued",
        documentNo: body.documentNo,
        ...(foreword ? { foreword } : {}),
        ...(remarks ? { remarks } : {}),
        issuedAt: now.toISOString(),
        issuedBy: actor(principal),
        document,
        ...renders,
        timeline: [
          ...b.timeline,
          { at: now.toISOString(), what: "issued", actor: actor(principal), details: body.documentNo },
        ],
        rev: b.rev + 1,
      };
      const overview = document.sections[0]?.paragraphs[0] ?? "";
      issued.delivery = messagesTo(
        await readers(issued),
        issued,
        "issued",
        config.bulletins.issuedTemplate,
        {
          issuer: document.issuer,
          issuerShort: issuerShort(b.jurisdictionName),
          title: document.title,
          documentNo: body.documentNo,
          period: periodText(b.period),
          issuedDate: document.dateText,
          overview,
        },
        true,
      );
      issued.deliverySince = now.toISOString();
      await deps.bulletins.put(issued, b.rev);
      // The version this one corrects is kept, marked as superseded by it.
      if (b.supersedes) {
        const old = await deps.bulletins.get(b.supersedes);
        if (old && old.status === "issued") {
          await deps.bulletins.put(
            {
              ...old,
              status: "superseded",
              supersededBy: id,
              timeline: [...old.timeline, { at: now.toISOString(), what: "superseded", details: id }],
              rev: old.rev + 1,
            },
            old.rev,
          );
        }
      }
      // A crash here leaves the deliveries on record with the issued bulletin: the reconciler sends them.
      failpoint("bulletin-issued");
      await deliver(issued);
      return bulletinView(issued);
    },

    /**
     * A correction: a new draft version of an issued bulletin, drafted from the stored figures as they are
     * now (an admin may have swept the month again). Both are kept; the old one is marked superseded when
     * the correction is issued.
     */
    async supersede(principal: Principal, id: string, raw: unknown) {
      const { reason } = SupersedeBulletinBody.parse(raw);
      const b = await reachable(principal, id);
      assertIssuer(principal, b);
      if (b.status === "draft") throw new Conflict(said("bulletin.not_issued", { id }));
      if (b.status === "superseded")
        throw new Conflict(said("bulletin.superseded", { id, by: b.supersededBy ?? "" }));
      const latest = (await deps.bulletins.versions(b.jurisdiction, b.period)).at(-1);
      if (latest && latest.id !== id)
        throw new Conflict(said("bulletin.not_latest", { id, latest: latest.id }));
      const drafted = await draftFrom(b.jurisdiction, b.period, {
        ...(b.foreword ? { foreword: b.foreword } : {}),
        ...(b.remarks ? { remarks: b.remarks } : {}),
      });
      if (!drafted)
        throw new NotFound(
          said("bulletin.not_swept", { jurisdiction: b.jurisdictionName, period: b.period }),
        );
      const version = b.version + 1;
      const nextId = bulletinId(b.jurisdiction, b.period, version);
      const renders = await render(nextId, drafted.document, "draft");
      const now = drafted.now.toISOString();
      const next: StoredBulletin = {
        id: nextId,
        jurisdiction: b.jurisdiction,
        jurisdictionName: b.jurisdictionName,
        level: b.level,
        period: b.period,
        version,
        status: "draft",
        supersedes: id,
        supersedeReason: reason,
        children: drafted.result.children.map((c) => c.jurisdiction),
        draftedAt: now,
        sweptAt: drafted.result.sweptAt,
        figures: drafted.result.figures,
        document: drafted.document,
        ...(b.foreword ? { foreword: b.foreword } : {}),
        ...(b.remarks ? { remarks: b.remarks } : {}),
        ...renders,
        timeline: [{ at: now, what: "drafted as a correction", actor: actor(principal), details: reason }],
        rev: 1,
      };
      await deps.bulletins.put(next, undefined);
      for (const timer of reminderTimers(next)) await deps.timers.set(timer);
      return bulletinView(next);
    },

    /** A short-lived link to a render: the issued one once issued, the draft before. */
    async download(principal: Principal, id: string, format: BulletinFormat) {
      const b = await reachable(principal, id);
      const suffix = b.status === "draft" ? "（草稿）" : "";
      return {
        location: await deps.objects.downloadUrl(b.files[format].key, {
          contentType: BULLETIN_CONTENT_TYPE[format],
          fileName: `${b.document.title}${suffix}.${format}`,
          expiresInSeconds: config.bulletins.linkSeconds,
        }),
      };
    },

    /** A step of the draft-reminder ladder: the 安委办 is reminded while the draft is still a draft. */
    async remind(raw: unknown) {
      const { bulletinId: id, step } = RemindBulletinInput.parse(raw);
      const b = await deps.bulletins.get(id);
      const ladderStep = config.bulletins.draftReminders.find((s) => s.id === step);
      if (b?.status !== "draft" || !ladderStep) return { id, step, outcome: "stale" };
      const messages = messagesTo(
        await deps.catalogue.officialsOf(b.jurisdiction, "anweiban"),
        b,
        `remind-${step}`,
        ladderStep.template,
        {
          id,
          title: b.document.title,
          period: periodText(b.period),
          days: String(ladderStep.afterDays),
          draftedDate: dateText(new Date(b.draftedAt)),
        },
        false,
      );
      const sent = await deps.notifier.enqueue(messages);
      return { id, step, outcome: "reminded", messages: messages.length, claimed: sent.enqueued };
    },

    /** Issued bulletins whose messages were recorded before `before` and never all handed over: now. */
    async reconcile(before: Date) {
      let subjects = 0;
      let messages = 0;
      let token: string | undefined;
      do {
        const page = await deps.bulletins.pageDeliveryBehind(before.toISOString(), token);
        token = page.nextToken;
        for (const { id } of page.items) {
          const b = await deps.bulletins.get(id);
          if (!b?.delivery?.length) continue;
          subjects++;
          messages += await deliver(b);
        }
      } while (token);
      return { subjects, messages };
    },
  };
}

/** The use cases that render nothing: reads, downloads, draft reminders and the reconciler's deliveries. */
export function createBulletinReads(deps: BulletinReadDeps) {
  const { list, get, download, remind, reconcile } = bulletinUseCases(deps);
  return { list, get, download, remind, reconcile };
}
