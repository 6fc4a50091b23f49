import type { Accident } from "./accident";
import type { Bulletin } from "./bulletin";
import type { Enterprise, Official, StoredOfficial } from "./catalogue";
import type { Channel, RecipientRole } from "./config-schema";
import type { Hazard, TimelineEvent } from "./hazard";
import type { ImportJob, ImportPageItem, ImportPageResult, ImportUpload } from "./import-job";

/** Time is a port: the domain is handed a clock, never reads the wall clock (DEVELOPERS.md, rule 2). */
export interface Clock {
  now(): Date;
}

export type Page<T> = { items: T[]; nextToken?: string };

/**
 * Page tokens handed to API callers. A store's page position is sealed (encrypted and authenticated with a
 * key of the deployment) together with a binding — who asked and what — so that a caller can neither read
 * it (no table keys, no other county's ids) nor forge, alter or replay it for another caller or query.
 */
export interface PageTokens {
  seal(position: string, binding: string): string;
  /** The position sealed in the token; `invalid` when it was not sealed for this binding, or `expired`. */
  open(token: string, binding: string): PageTokenOpened;
}

export type PageTokenOpened = { ok: true; position: string } | { ok: false; reason: "invalid" | "expired" };

/** A contact copied onto an open filing, so a sweep needs no second read of the catalogue. */
export type Contact = { role: RecipientRole; name: string; mobile: string; email?: string };

export type FilingStatus = "missing" | "on_time" | "late";

export type FilingVersion = {
  version: number;
  receivedAt: string;
  status: Exclude<FilingStatus, "missing">;
  body: Record<string, unknown>;
  flags: string[];
  /** Figures that differ from the hazard register (forms drafted from it): accepted, shown with both numbers. */
  discrepancies?: { field: string; submitted: number; register: number }[];
};

/**
 * One enterprise's filing for one period of one obligation: it exists from the moment the period opens
 * (the enterprise owes it) and then carries the filed versions. Sweeps find non-filers through it.
 */
export type FilingRecord = {
  obligation: string;
  period: string;
  creditCode: string;
  /** For obligations filed per listed major hazard (monthly progress): the hazard; absent for enterprise ones. */
  hazardId?: string;
  hazardTitle?: string;
  countyCode: string;
  enterpriseName: string;
  supervisingDepartment: string;
  contacts: Contact[];
  status: FilingStatus;
  /** When the first version was received (it decides on time or late); kept by every amendment. */
  receivedAt?: string;
  /** The same instant as `receivedAt`, under the name the views give it. */
  firstReceivedAt?: string;
  /** When the latest amendment (version 2 or later) was received. */
  lastAmendedAt?: string;
  version?: number;
  flags: string[];
  versions: FilingVersion[];
  /**
   * The rule the record was opened under, from its county's policy (functions/domain/policy.ts): the due
   * date, the dates its non-filers are reminded, the policy version. A later change of the policy does not
   * move them; a record without it follows the obligation's defaults.
   */
  due?: { date: string; remindOn: string[]; policyVersion: string };
  /** Set when the period closed with nothing filed. */
  overdueAt?: string;
  /** Consecutive periods, this one included, closed with nothing filed. */
  missedStreak?: number;
};

/** The answer a request gave, kept to answer its retries (same status, headers and body). */
export type StoredResponse = { status: number; headers: Record<string, string>; body: string };

/** What an `Idempotency-Key` holds: the request it was first used for and, once answered, the answer. */
export type IdempotencyRecord = { fingerprint: string; response?: StoredResponse };

/**
 * Requests made once however often they are retried (`Idempotency-Key`), one item per caller and key:
 * the first attempt claims it, answers are kept until `expiresAt`, a claim whose attempt never finished
 * (crashed) can be taken over after `lockedUntil`.
 */
export interface IdempotencyStore {
  /** Claims the key for this attempt, or returns what is held under it (another attempt, or its answer). */
  claim(
    id: string,
    fingerprint: string,
    times: { now: Date; lockedUntil: Date; expiresAt: Date },
  ): Promise<{ claimed: true } | { claimed: false; record: IdempotencyRecord }>;
  /** Keeps the answer of the attempt that claimed the key. */
  complete(id: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Lets the key go after a refused or failed attempt, so a corrected retry runs again. */
  release(id: string, fingerprint: string): Promise<void>;
}

export type EnterpriseSearch = {
  counties: string[];
  /** Name prefix (the county's name index) or credit code prefix (its listing by code); at most one. */
  namePrefix?: string;
  creditCodePrefix?: string;
  industry?: string;
  department?: string;
  status?: string;
  limit: number;
  nextToken?: string;
};

/** What one step of the index-key backfill did; without a cursor it is done. */
export type IndexKeyBackfillStep = { read: number; written: number; cursor?: string };

export type OfficialSearch = {
  jurisdiction: string;
  roles: string[];
  /** The jurisdiction's officials and those of every jurisdiction below it (one key range). */
  below?: boolean;
  limit: number;
  nextToken?: string;
};

export interface CatalogueStore {
  getEnterprise(creditCode: string): Promise<Enterprise | undefined>;
  getEnterprises(creditCodes: string[]): Promise<Enterprise[]>;
  /** Writes every enterprise as given, without reading first (the caller knows what was stored). */
  putEnterprises(enterprises: Enterprise[]): Promise<void>;
  /**
   * Writes `next` if the stored enterprise still has the county and status of `expected` (a move or a status
   * change racing an import or another change); false if it does not.
   */
  replaceEnterprise(next: Enterprise, expected: Enterprise): Promise<boolean>;
  /** Records a change of the enterprise (move, closing, reopening) in its timeline. */
  appendEnterpriseEvent(creditCode: string, event: TimelineEvent): Promise<void>;
  /** The enterprise's timeline, oldest first. */
  enterpriseTimeline(creditCode: string): Promise<TimelineEvent[]>;
  /**
   * Writes each official under its stable id (`officialId`), keeping the status of a stored one (an import
   * never reactivates); says which were new, which updated and whose mobile number changed.
   */
  putOfficials(officials: Official[]): Promise<{
    created: string[];
    updated: string[];
    mobileChanged: { official: StoredOfficial; from: string }[];
  }>;
  /** The official with this id, in office or not. */
  getOfficial(id: string): Promise<StoredOfficial | undefined>;
  /** Writes `next` if the stored official still has the status and mobile of `expected`; false if not. */
  replaceOfficial(next: StoredOfficial, expected: StoredOfficial): Promise<boolean>;
  /** Records a change of the official (deactivated, reactivated, new mobile number) in its timeline. */
  appendOfficialEvent(id: string, event: TimelineEvent): Promise<void>;
  /** The official's timeline, oldest first. */
  officialTimeline(id: string): Promise<TimelineEvent[]>;
  /**
   * Officials in office of exactly this jurisdiction with this role (and department, when given): every
   * audience is resolved through here, so a deactivated official is told nothing.
   */
  officialsOf(jurisdiction: string, role: Official["role"], department?: string): Promise<StoredOfficial[]>;
  /**
   * Moves the records of these jurisdictions' officials stored before ids became stable to their stable id;
   * idempotent. Returns how many were moved.
   */
  migrateLegacyOfficials(jurisdictions: string[]): Promise<number>;
  /** Whether a one-off step (a migration) has run to its end, and recording that it has. */
  hasMarker(name: string): Promise<boolean>;
  setMarker(name: string, at: string): Promise<void>;
  /** Counties that hold at least one enterprise. */
  counties(): Promise<string[]>;
  /** Counties holding enterprises whose code starts with the prefix (a jurisdiction's), by key condition. */
  countiesWithin(prefix: string): Promise<string[]>;
  /** A page of the enterprises of the given counties, county by county, each by key condition. */
  searchEnterprises(search: EnterpriseSearch): Promise<Page<Enterprise>>;
  /** A page of the officials of exactly one jurisdiction with the given roles, role by role. */
  searchOfficials(search: OfficialSearch): Promise<Page<StoredOfficial>>;
  /**
   * One bounded step of the index-key migration (enterprises' name keys, officials' subtree keys written
   * before those keys existed): reads by key condition, adds only missing keys; resumes from `cursor`.
   */
  backfillIndexKeys(cursor: string | undefined, budget: number): Promise<IndexKeyBackfillStep>;
  pageActiveEnterprises(shard: number, nextToken?: string): Promise<Page<Enterprise>>;
  isEmpty(): Promise<boolean>;
}

/**
 * What a listing reads by key: a stored status, or an unfiled record split by whether its period has been
 * closed for it (`missing`: marked overdue; `not_yet_due`: not yet), or `owed` (every unfiled record still
 * owed, through the non-filer index).
 */
export type FilingListing = "on_time" | "late" | "missing" | "not_yet_due" | "owed";

export type FilingQuery = {
  obligation: string;
  period: string;
  /** GB/T 2260 prefix of the caller's jurisdiction ("53", "5305", "530502"). */
  scopePrefix: string;
  limit: number;
  nextToken?: string;
};

export type FilingKey = { creditCode: string; obligation: string; period: string; hazardId?: string };

/** Who owes a filing: the enterprise, or one of its listed hazards. */
export function filerOf(k: { creditCode: string; hazardId?: string }): string {
  return k.hazardId ? `${k.creditCode}#${k.hazardId}` : k.creditCode;
}

export interface FilingStore {
  getFiling(
    creditCode: string,
    obligation: string,
    period: string,
    hazardId?: string,
  ): Promise<FilingRecord | undefined>;
  /**
   * Creates the records of a period that has not ended yet, in batches. Safe without conditions because no
   * filing for the period can exist before it ends; existing records are left as they are.
   */
  openFilings(records: FilingRecord[]): Promise<{ written: number }>;
  /** Creates the record unless it exists (an enterprise that joins the catalogue mid-period). */
  ensureFiling(record: FilingRecord): Promise<boolean>;
  /** Saves a filed version if the stored record still has `expectedVersion` (optimistic concurrency). */
  saveFiling(record: FilingRecord, expectedVersion: number | undefined): Promise<void>;
  /** Refreshes name, department and contacts on the enterprise's records of periods still open. */
  refreshContacts(enterprise: Enterprise, periods: string[], obligation: string): Promise<void>;
  /**
   * An enterprise that closed owes nothing more: its still-owed records of the given periods leave the
   * non-filer index (filed ones are kept as they are).
   */
  withdrawFilings(
    creditCode: string,
    obligation: string,
    periods: string[],
    at: string,
    hazardId?: string,
  ): Promise<void>;
  /** Marks a filing overdue unless it has been filed or marked already; true if this call marked it. */
  markOverdue(
    record: Pick<FilingRecord, "creditCode" | "countyCode" | "hazardId">,
    obligation: string,
    period: string,
    at: string,
    missedStreak: number,
  ): Promise<boolean>;
  /** Non-filers of a period in one write shard, through the sparse "owed" index. */
  pageOwed(
    obligation: string,
    period: string,
    shard: number,
    scopePrefix: string,
    nextToken?: string,
  ): Promise<Page<FilingRecord>>;
  /** Filed records with the zero-inspection flag, through their sparse index. */
  pageFlagged(
    obligation: string,
    period: string,
    shard: number,
    scopePrefix: string,
    nextToken?: string,
  ): Promise<Page<FilingRecord>>;
  /**
   * How many records of a period within a jurisdiction were filed (on time or late), counted by the store
   * (a count query per shard and status: no record is returned).
   */
  countFiled(obligation: string, period: string, scopePrefix: string): Promise<number>;
  /** Records of a period with a given status within a jurisdiction, across shards. */
  queryFilings(query: FilingQuery & { status: FilingListing }): Promise<Page<FilingRecord>>;
  /** Point reads of several enterprises' records for one period (missing ones are absent). */
  getFilings(keys: FilingKey[]): Promise<FilingRecord[]>;
}

/**
 * A message's life: `queued` (or `deferred` past the SMS quiet hours) until the dispatcher claims it as
 * `sending`; then `sent`, back to `queued` to retry, or `failed`. A provider's receipt (receipts.ts) or its
 * answer to a lookup makes a sent message `delivered` or `undelivered`; `delivered` is final. `unknown`:
 * interrupted while sending on a channel that cannot be asked whether it went out (interrupted-sends.ts).
 */
export type MessageStatus =
  | "queued"
  | "sending"
  | "sent"
  | "failed"
  | "deferred"
  | "delivered"
  | "undelivered"
  | "unknown";

export type Message = {
  /** Deterministic: the same reminder always has the same key, so it is written and sent once. */
  key: string;
  channel: Channel;
  recipient: string;
  recipientName?: string;
  template: string;
  params: Record<string, string>;
  subject: { type: string; id: string };
  /** The county the subject belongs to: who may read the message follows the jurisdiction rule. */
  scope: string;
  /** The enterprise (credit code) the message is about, if any: its users may read it. */
  about?: string;
  /** Files sent with an email (an issued bulletin's PDF), by object key: the outbox keeps the key, not the bytes. */
  attachments?: MessageAttachment[];
  /**
   * An SMS to an official who has an email address and gets no email of this message otherwise: where an
   * undelivered receipt sends it instead (receipts.ts).
   */
  fallbackEmail?: string;
};

export type MessageAttachment = { key: string; fileName: string; contentType: string };

/**
 * Who reads messages: an official those whose subject lies within his jurisdiction; an enterprise user
 * those about its own enterprise, in the jurisdictions a message about it can be scoped to (its county,
 * and the city and province above it for accident cases handled there).
 */
export type MessageReader = { jurisdiction: string } | { enterprise: string; scopes: string[] };

export type OutboxEntry = Message & {
  id: string;
  status: MessageStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  notBefore?: string;
  providerMessageId?: string;
  lastError?: string;
  /** When the message was last handed towards the provider (status `sending`). */
  claimedAt?: string;
  /** Epoch seconds when a sent message expires (its retention period; DynamoDB TTL). */
  expiresAt?: number;
  /** Which provider took it (the rate limit and the receipts are per provider). */
  provider?: string;
  /** Refusals for throttling so far: they back off like errors but do not use up `attempts`. */
  throttles?: number;
  /** What the provider's receipt said: delivered or not, its code, when. */
  delivery?: { delivered: boolean; code: string; at: string };
};

export interface OutboxStore {
  /** Writes the entry as `queued` unless its key exists; false means it was written before. */
  claim(entry: OutboxEntry): Promise<boolean>;
  /**
   * `claim` for many entries in few requests (an existence read, then a batch write of the absent ones):
   * for each entry, whether it was written now. A store without it is claimed one entry at a time.
   */
  claimMany?(entries: OutboxEntry[]): Promise<boolean[]>;
  /** Moves an entry to a new status if it is still in `from`; false if someone else moved it. */
  transition(
    key: string,
    from: MessageStatus,
    patch: Partial<OutboxEntry> & { status: MessageStatus },
  ): Promise<boolean>;
  get(key: string): Promise<OutboxEntry | undefined>;
  /** Entries waiting to be sent whose time has come (deferred by quiet hours or backing off). */
  pageDue(before: string, nextToken?: string): Promise<Page<OutboxEntry>>;
  /** Messages still `sending` that were claimed before the given time: interrupted sends. */
  pageInFlight(claimedBefore: string, nextToken?: string): Promise<Page<OutboxEntry>>;
  /** The message a provider's receipt names, by its id (`outId`), through a key condition. */
  byId(id: string): Promise<OutboxEntry | undefined>;
  /** Remembers which message a provider's own message id belongs to (written once it is sent). */
  linkProviderId(provider: string, providerMessageId: string, key: string, expiresAt: number): Promise<void>;
  /** The message a provider's own message id names (a point read of the link). */
  byProviderId(provider: string, providerMessageId: string): Promise<OutboxEntry | undefined>;
  /**
   * Messages to one recipient that the reader may see, chosen in the key condition (never filtered after
   * the read), so a page or its token never shows that other messages exist.
   */
  byRecipient(
    recipient: string,
    reader: MessageReader,
    since: string | undefined,
    limit: number,
    nextToken?: string,
  ): Promise<Page<OutboxEntry>>;
}

/** The SMS providers a deployment can choose; `sink` is the local stand-in that keeps what it is sent. */
export type SmsProvider = "eum" | "aliyun" | "tencent" | "sink";

/**
 * What a provider answered. A refusal says whether trying again can help (`retryable`) and whether the
 * provider asked us to slow down (`throttled`); `code` is the provider's own error code, kept for the record.
 */
export type SendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; throttled?: boolean; error: string; code?: string };

/** SMS as Chinese providers require it: a sign name, an approved template id and its parameters. */
export type SmsRequest = {
  to: string;
  signName: string;
  templateId: string;
  params: Record<string, string>;
  text: string;
  /**
   * A stable id derived from the outbox key (≤ 32 characters), handed to the provider with the send
   * (Aliyun `OutId`, Tencent `SessionContext`): receipts and queries name the message by it.
   */
  outId: string;
};
export type EmailRequest = {
  to: string;
  subject: string;
  body: string;
  attachments?: { fileName: string; contentType: string; content: Uint8Array }[];
};

/** What a provider knows of an earlier send whose answer was lost. */
export type DeliveryLookup =
  /** The provider has no such send: safe to send again (with the same outId). */
  | { kind: "not_found" }
  | { kind: "found"; providerMessageId?: string; state: "sent" | "delivered" | "undelivered"; code?: string }
  /** The channel cannot be asked: the message is marked unknown. */
  | { kind: "cannot_ask" };

export interface SmsChannel {
  readonly provider: SmsProvider;
  send(request: SmsRequest): Promise<SendResult>;
  /** Asks the provider about an earlier send (only channels whose provider can be asked have it). */
  lookup?(query: {
    to: string;
    outId: string;
    providerMessageId?: string;
    sentAt: string;
  }): Promise<DeliveryLookup>;
}

/** A provider's report that a message reached (or did not reach) its recipient. */
export type DeliveryReceipt = {
  provider: SmsProvider | "ses" | "smtp";
  providerMessageId?: string;
  outId?: string;
  to?: string;
  delivered: boolean;
  code: string;
  at: string;
};

/** Reads a provider's receipt callback, verified the provider's way; a request that fails it is refused. */
export interface ReceiptReader {
  readonly provider: string;
  read(request: {
    headers: Record<string, string>;
    body: string;
    query: Record<string, string>;
  }): { ok: true; receipts: DeliveryReceipt[] } | { ok: false; reason: string };
}

export interface EmailChannel {
  send(request: EmailRequest): Promise<SendResult>;
}

/** A durable timer starts a workflow again at a named phase (DEVELOPERS.md, rule 3). */
export type Timer = {
  id: string;
  dueAt: string;
  workflow: string;
  phase: string;
  input: Record<string, unknown>;
};

/**
 * The dispatcher's own time: milliseconds of a monotonic clock and a way to wait. Provider rates are real
 * seconds, whatever the domain clock says (a local virtual clock stands still between its moves).
 */
export interface Pace {
  millis(): number;
  sleep(ms: number): Promise<void>;
}

export interface Timers {
  /** Idempotent: setting the same id twice leaves one timer. */
  set(timer: Timer): Promise<void>;
}

export type HazardQuery = {
  scopePrefix: string;
  level?: Hazard["level"];
  status?: Hazard["status"];
  /** Several states at once (read one after the other); `status` is the one-state form. */
  statuses?: Hazard["status"][];
  overdue?: boolean;
  /**
   * Hazards that were overdue at some time in this month (YYYY-MM): overdue now since before its end, or
   * with a closed overdue spell in it (a delisted hazard keeps its history).
   */
  overdueIn?: string;
  /** One enterprise's hazards (read within its county's key range, then filtered). */
  creditCode?: string;
  /** The enterprise's supervising department (应急管理局, 住房和城乡建设局, …). */
  department?: string;
  /** The level that listed a major hazard for supervision. */
  listingLevel?: "county" | "city" | "province";
  /** Only hazards still open (not rectified, not delisted): the closed states' partitions are not read. */
  open?: boolean;
  /** The deadline in force between these days (YYYY-MM-DD, both included). */
  deadlineFrom?: string;
  deadlineTo?: string;
  /** The escalation ladder went past the listing department at or after this instant. */
  escalatedSince?: string;
  limit: number;
  nextToken?: string;
};

/** Recorded effects of supervised subjects (effects.ts): cleared once applied, found by the reconciler. */
export interface EffectsIndex {
  /** Clears the recorded effects if the subject is still at `rev`; false if a later change came first. */
  clearEffects(id: string, rev: number): Promise<boolean>;
  /** Subjects whose effects were recorded before `before` and are not cleared yet (sparse index). */
  pageEffectsBehind(before: string, nextToken?: string): Promise<Page<{ id: string }>>;
}

export interface HazardStore extends EffectsIndex {
  get(id: string): Promise<Hazard | undefined>;
  /** Writes the hazard if the stored revision is still `expectedRev` (undefined: it must not exist yet). */
  put(hazard: Hazard, expectedRev: number | undefined): Promise<void>;
  /** Hazards of a jurisdiction by level and status, through the listing index (never a scan). */
  query(query: HazardQuery): Promise<Page<Hazard>>;
}

export type AccidentQuery = {
  /** Key ranges of the cases' jurisdictions: a prefix, or several (an enterprise's county, city, province). */
  scopePrefix: string | readonly string[];
  status?: Accident["status"];
  /** Only the cases of this enterprise (a condition within the key range). */
  enterpriseCreditCode?: string;
  limit: number;
  nextToken?: string;
};

export interface AccidentStore extends EffectsIndex {
  get(id: string): Promise<Accident | undefined>;
  put(accident: Accident, expectedRev: number | undefined): Promise<void>;
  query(query: AccidentQuery): Promise<Page<Accident>>;
}

/** What a stored object is, so a download carries the right type and a Chinese file name. */
export type ObjectInfo = { contentType: string; fileName?: string };

/**
 * Files (bulletin renders, exports, large uploads): S3 on AWS, a folder under the data directory locally.
 * Keys are deterministic (`bulletins/<id>/v<version>.pdf`), so writing the same object again is harmless.
 */
export interface ObjectStore {
  put(key: string, body: Uint8Array, info: ObjectInfo): Promise<void>;
  /** Writes a stream as it comes (an export page by page), never holding the whole object. */
  putStream(key: string, body: AsyncIterable<Uint8Array>, info: ObjectInfo): Promise<{ bytes: number }>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** A time-limited URL anyone holding it may download from (presigned on S3, signed locally). */
  downloadUrl(key: string, info: ObjectInfo & { expiresInSeconds: number }): Promise<string>;
  /** A time-limited URL to PUT the object's bytes to (presigned on S3, signed locally). */
  uploadUrl(key: string, info: { expiresInSeconds: number }): Promise<string>;
  /** The object's size, or undefined when there is none (a HEAD: the bytes are not read). */
  size(key: string): Promise<number | undefined>;
}

export interface ImportStore {
  /** Writes the job (status running, in the index of unfinished imports) and its pages. */
  create(job: ImportJob, pages: ImportPageItem[]): Promise<void>;
  get(id: string): Promise<ImportJob | undefined>;
  page(id: string, page: number): Promise<(ImportPageItem & { result?: ImportPageResult }) | undefined>;
  /** The results of the pages applied so far, by page number. */
  results(id: string): Promise<Map<number, ImportPageResult>>;
  /** Records a page as applied (idempotent: the same result again changes nothing). */
  saveResult(id: string, page: number, result: ImportPageResult): Promise<void>;
  finish(id: string, at: string): Promise<void>;
  /** Imports not finished yet (a crash stopped them): the reconciler starts them again. */
  unfinished(): Promise<string[]>;
  /** An uploaded file's pages, then the job's counts and `planned` (pages first, as in `create`). */
  plan(id: string, pages: ImportPageItem[], counts: { rows: number; pages: number }): Promise<void>;
  /** Ends an import whose file could not be read, with the reason a person reads. */
  fail(id: string, error: string, at: string): Promise<void>;
  createUpload(upload: ImportUpload): Promise<void>;
  getUpload(id: string): Promise<ImportUpload | undefined>;
}

/** Starts a workflow execution now; the same id twice starts it once where the runtime can tell. */
export interface WorkflowStarter {
  start(workflow: string, id: string, input: Record<string, unknown>): Promise<void>;
}

/**
 * A bulletin as stored: while its issue's messages are recorded but not yet all handed to the outbox, it
 * carries them (`delivery`), written in the same conditional put as the issue; the reconciler completes it.
 */
export type StoredBulletin = Bulletin & { delivery?: Message[]; deliverySince?: string };

export interface BulletinStore {
  get(id: string): Promise<StoredBulletin | undefined>;
  /** Writes the bulletin if the stored revision is still `expectedRev` (undefined: it must not exist yet); else Conflict. */
  put(bulletin: StoredBulletin, expectedRev: number | undefined): Promise<void>;
  /** Every version of a jurisdiction's bulletin for a month, oldest first. */
  versions(jurisdiction: string, period: string): Promise<StoredBulletin[]>;
  /** Drops the recorded delivery if the bulletin is still at `rev`. */
  clearDelivery(id: string, rev: number): Promise<boolean>;
  /** Bulletins whose delivery was recorded before `before` and not cleared (sparse index). */
  pageDeliveryBehind(before: string, nextToken?: string): Promise<Page<{ id: string }>>;
}
