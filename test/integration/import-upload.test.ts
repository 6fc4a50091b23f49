import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEnterpriseCsv } from "../../functions/domain/csv-import";
import { generateEnterprises } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, expectError, type Json, listAll, startTestStack, tokenFor } from "./support";

/**
 * Finding 6 of issue 7: a city's catalogue cannot go through an API Gateway request (10 MB, 29 s). It is
 * uploaded to the object store first (a presigned PUT on AWS, a signed local link here), and the import
 * workflow reads it from there: `POST /v1/imports/uploads` → PUT the file → `POST
 * /v1/imports/enterprises/uploaded` → 202 and the job, then `GET /v1/imports/{id}`.
 */

const ENTERPRISES = generateEnterprises({ count: 1_200, seed: 77, counties: ["530502", "530521"] });

let stack: Stack;
let api: Api;
let city: string; // admin of 530500
let otherCity: string; // another admin of 530500 (another person)

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-15T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  city = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530500", sub: "admin-a" });
  otherCity = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530500", sub: "admin-b" });
});

afterAll(async () => {
  await stack?.stop();
});

async function requestUpload(token: string): Promise<Json> {
  const res = await api("POST", "/v1/imports/uploads", { token });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function put(url: string, body: string) {
  return fetch(url, { method: "PUT", body, headers: { "content-type": "text/csv" } });
}

async function finished(token: string, id: string): Promise<Json> {
  await stack.settled();
  const res = await api("GET", `/v1/imports/${id}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("a catalogue uploaded to the object store and imported from there", () => {
  it("imports every row of the uploaded file as a workflow, each enterprise owing the filing of the period", async () => {
    const upload = await requestUpload(city);
    expect(upload).toMatchObject({ method: "PUT", maxBytes: 64 * 2 ** 20 });
    expect(upload.uploadId).toMatch(/^UPL-/);
    expect((await put(upload.uploadUrl, toEnterpriseCsv(ENTERPRISES))).status).toBe(200);

    const posted = await api("POST", "/v1/imports/enterprises/uploaded", {
      token: city,
      body: { uploadId: upload.uploadId },
    });
    expect(posted.status, posted.text).toBe(202);
    expect(posted.body.status).toBe("running");

    const job = await finished(city, posted.body.id);
    expect(job).toMatchObject({ status: "done", rows: 1_200, pages: 3, pagesDone: 3, imported: 1_200 });
    const missing = await listAll(
      api,
      "/v1/monthly-reports",
      { period: "2026-10", jurisdiction: "530500", status: "owed", limit: "500" },
      city,
    );
    expect(new Set(missing.items.map((i: Json) => i.creditCode))).toEqual(
      new Set(ENTERPRISES.map((e) => e.creditCode)),
    );

    // Starting it again answers the same job and imports nothing twice.
    const again = await api("POST", "/v1/imports/enterprises/uploaded", {
      token: city,
      body: { uploadId: upload.uploadId },
    });
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ id: posted.body.id, status: "done", imported: 1_200 });
  }, 120_000);

  it("refuses to start an upload no file was put to yet (409), or another person's upload (404)", async () => {
    const upload = await requestUpload(city);
    const early = await api("POST", "/v1/imports/enterprises/uploaded", {
      token: city,
      body: { uploadId: upload.uploadId },
    });
    expectError(early, 409, "conflict");
    expect(early.body.error.message).toContain("还没有收到文件");

    expect((await put(upload.uploadUrl, toEnterpriseCsv(ENTERPRISES.slice(0, 2)))).status).toBe(200);
    const theirs = await api("POST", "/v1/imports/enterprises/uploaded", {
      token: otherCity,
      body: { uploadId: upload.uploadId },
    });
    expectError(theirs, 404, "not_found");
  });

  it("refuses a PUT whose signed link was altered, or that uses a download link's signature", async () => {
    const upload = await requestUpload(city);
    const url = new URL(upload.uploadUrl);
    url.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    expect((await put(url.toString(), "credit_code\n")).status).toBe(403);
    const download = await stack.deps.objects.downloadUrl(
      new URL(upload.uploadUrl).pathname.slice("/_local/objects/".length),
      { contentType: "text/csv", expiresInSeconds: 60 },
    );
    expect((await put(download, "credit_code\n")).status).toBe(403);
  });

  it("ends the job as failed with the reason when the uploaded file is not a catalogue", async () => {
    const upload = await requestUpload(city);
    expect((await put(upload.uploadUrl, "名称,电话\n甲,1\n")).status).toBe(200);
    const posted = await api("POST", "/v1/imports/enterprises/uploaded", {
      token: city,
      body: { uploadId: upload.uploadId },
    });
    expect(posted.status, posted.text).toBe(202);
    const job = await finished(city, posted.body.id);
    expect(job).toMatchObject({ status: "failed", rows: 0, pagesDone: 0 });
    expect(job.error).toMatch(/缺少|未知/);
  });
});
