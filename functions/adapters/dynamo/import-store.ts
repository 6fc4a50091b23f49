import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ImportJob, ImportPageItem, ImportPageResult, ImportUpload } from "../../domain/import-job";
import type { ImportStore } from "../../domain/ports";
import { batchPut, queryAll, stripKeys } from "./batch";
import { TTL_ATTRIBUTE } from "./table";

const JOB = "A#JOB";
const pageKey = (page: number) => `P#${String(page).padStart(6, "0")}`;

/**
 * Import jobs: one job item, in the sparse index of unfinished imports until it is done, and one item per
 * page holding its rows until the page is applied, then its result (the rows are dropped then: the table
 * keeps what was decided, not a second copy of the file).
 */
export function createImportStore(db: DynamoDBDocumentClient, table: string): ImportStore {
  async function putPages(id: string, pages: ImportPageItem[]) {
    await batchPut(
      db,
      table,
      pages.map(({ rows, ...p }) => ({
        pk: `IMPORT#${id}`,
        sk: pageKey(p.page),
        type: "import-page",
        ...p,
        // One string, not 500 nested maps: the store neither validates nor converts each attribute.
        rowsJson: JSON.stringify(rows),
      })),
      2,
    );
  }

  return {
    async create(job, pages) {
      // Pages first: a job item without all its pages would look complete to a resumed run.
      await putPages(job.id, pages);
      await batchPut(db, table, [
        {
          pk: `IMPORT#${job.id}`,
          sk: JOB,
          type: "import",
          gsi2pk: "IMPORTS#UNFINISHED",
          gsi2sk: `${job.createdAt}#${job.id}`,
          ...job,
        },
      ]);
    },
    async get(id) {
      const out = await db.send(new GetCommand({ TableName: table, Key: { pk: `IMPORT#${id}`, sk: JOB } }));
      return out.Item ? stripKeys<ImportJob>(out.Item) : undefined;
    },
    async page(id, page) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `IMPORT#${id}`, sk: pageKey(page) } }),
      );
      if (!out.Item) return undefined;
      const { rowsJson, ...item } = out.Item;
      return stripKeys<ImportPageItem & { result?: ImportPageResult }>({
        rows: typeof rowsJson === "string" ? JSON.parse(rowsJson) : [],
        parseRejected: [],
        ...item,
      });
    },
    async results(id) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
        FilterExpression: "attribute_exists(#result)",
        ProjectionExpression: "#page, #result",
        ExpressionAttributeNames: { "#page": "page", "#result": "result" },
        ExpressionAttributeValues: { ":pk": `IMPORT#${id}`, ":p": "P#" },
      });
      return new Map(items.map((i) => [Number(i.page), i.result as ImportPageResult]));
    },
    async saveResult(id, page, result) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `IMPORT#${id}`, sk: pageKey(page) },
          UpdateExpression: "SET #result = if_not_exists(#result, :result) REMOVE #rows, rowsJson",
          ExpressionAttributeNames: { "#result": "result", "#rows": "rows" },
          ExpressionAttributeValues: { ":result": result },
        }),
      );
    },
    async finish(id, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `IMPORT#${id}`, sk: JOB },
          UpdateExpression:
            "SET #status = :done, finishedAt = if_not_exists(finishedAt, :at) REMOVE gsi2pk, gsi2sk",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":done": "done", ":at": at },
        }),
      );
    },
    async plan(id, pages, counts) {
      await putPages(id, pages);
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `IMPORT#${id}`, sk: JOB },
          UpdateExpression: "SET #rows = :rows, pages = :pages, planned = :yes",
          ExpressionAttributeNames: { "#rows": "rows" },
          ExpressionAttributeValues: { ":rows": counts.rows, ":pages": counts.pages, ":yes": true },
        }),
      );
    },
    async fail(id, error, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `IMPORT#${id}`, sk: JOB },
          UpdateExpression:
            "SET #status = :failed, #error = :error, finishedAt = if_not_exists(finishedAt, :at) REMOVE gsi2pk, gsi2sk",
          ExpressionAttributeNames: { "#status": "status", "#error": "error" },
          ExpressionAttributeValues: { ":failed": "failed", ":error": error, ":at": at },
        }),
      );
    },
    async createUpload(upload) {
      // The table forgets an upload after a week, like the bucket forgets its file.
      const expiresAt = Math.floor(Date.parse(upload.createdAt) / 1000) + 7 * 86_400;
      await batchPut(db, table, [
        {
          pk: `UPLOAD#${upload.id}`,
          sk: "A#UPLOAD",
          type: "import-upload",
          ...upload,
          [TTL_ATTRIBUTE]: expiresAt,
        },
      ]);
    },
    async getUpload(id) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `UPLOAD#${id}`, sk: "A#UPLOAD" } }),
      );
      if (!out.Item) return undefined;
      const { [TTL_ATTRIBUTE]: _expires, ...item } = out.Item;
      return stripKeys<ImportUpload>(item);
    },
    async unfinished() {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": "IMPORTS#UNFINISHED" },
      });
      return items.map((i) => String(i.id));
    },
  };
}
