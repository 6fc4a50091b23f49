import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFolderObjects } from "../../functions/adapters/folder-objects";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function store(now = new Date("2026-12-06T02:00:00Z")) {
  const root = join(mkdtempSync(join(tmpdir(), "duban-objects-test-")), "objects");
  roots.push(root);
  const clock = { now: () => now };
  return {
    root,
    clock,
    objects: createFolderObjects({ root, secret: "s", clock, baseUrl: () => "http://x" }),
  };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("the local object store", () => {
  it("gives back what was put, and nothing for a key never written", async () => {
    const { objects } = store();
    await objects.put("bulletins/b1/v1.pdf", bytes("%PDF"), { contentType: "application/pdf" });
    expect(new TextDecoder().decode(await objects.get("bulletins/b1/v1.pdf"))).toBe("%PDF");
    expect(await objects.get("bulletins/b1/v2.pdf")).toBeUndefined();
  });

  it("keeps its folder 0700 and its files 0600, since they name enterprises and contacts", async () => {
    const { root, objects } = store();
    await objects.put("a/b.xlsx", bytes("x"), { contentType: "application/octet-stream" });
    const { bytes: written } = await objects.putStream(
      "exports/e.csv",
      (async function* () {
        yield bytes("a,");
        yield bytes("b\n");
      })(),
      { contentType: "text/csv" },
    );
    expect(written).toBe(4);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "a")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "a", "b.xlsx")).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "exports", "e.csv")).mode & 0o777).toBe(0o600);
  });

  it("refuses keys that would climb out of its folder", async () => {
    const { objects } = store();
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", ""]) {
      await expect(objects.put(key, bytes("x"), { contentType: "text/plain" })).rejects.toThrow(/safe/);
    }
  });

  it("answers a signed link until it expires, and never a tampered one", async () => {
    let now = new Date("2026-12-06T02:00:00Z");
    const root = join(mkdtempSync(join(tmpdir(), "duban-objects-test-")), "objects");
    roots.push(root);
    const objects = createFolderObjects({
      root,
      secret: "s",
      clock: { now: () => now },
      baseUrl: () => "http://x",
    });
    await objects.put("bulletins/b1/v1.pdf", bytes("%PDF"), {
      contentType: "application/pdf",
      fileName: "通报.pdf",
    });
    const url = new URL(
      await objects.downloadUrl("bulletins/b1/v1.pdf", {
        contentType: "application/pdf",
        expiresInSeconds: 60,
      }),
    );
    expect(url.pathname).toBe("/_local/objects/bulletins/b1/v1.pdf");
    const found = await objects.verify("bulletins/b1/v1.pdf", url.searchParams);
    expect(found?.info.fileName).toBe("通报.pdf");
    expect(await objects.verify("bulletins/b1/v2.pdf", url.searchParams)).toBeUndefined();
    now = new Date(now.getTime() + 61_000);
    expect(await objects.verify("bulletins/b1/v1.pdf", url.searchParams)).toBeUndefined();
  });

  it("signs upload links apart from download links, for one key and an hour, and tells an object's size", async () => {
    let now = new Date("2026-12-06T02:00:00Z");
    const root = join(mkdtempSync(join(tmpdir(), "duban-objects-test-")), "objects");
    roots.push(root);
    const objects = createFolderObjects({
      root,
      secret: "s",
      clock: { now: () => now },
      baseUrl: () => "http://x",
    });
    const key = "imports/uploads/UPL-20261206-ABCDEFGH.csv";
    const upload = new URL(await objects.uploadUrl(key, { expiresInSeconds: 3600 }));
    const download = new URL(
      await objects.downloadUrl(key, { contentType: "text/csv", expiresInSeconds: 3600 }),
    );
    expect(upload.pathname).toBe(`/_local/objects/${key}`);
    expect(objects.verifyUpload(key, upload.searchParams)).toBe(true);
    expect(objects.verifyUpload(key, download.searchParams)).toBe(false);
    expect(objects.verifyUpload("imports/uploads/other.csv", upload.searchParams)).toBe(false);
    expect(await objects.size(key)).toBeUndefined();
    await objects.put(key, bytes("a,b\n"), { contentType: "text/csv" });
    expect(await objects.verify(key, upload.searchParams)).toBeUndefined();
    expect(await objects.size(key)).toBe(4);
    now = new Date(now.getTime() + 3601_000);
    expect(objects.verifyUpload(key, upload.searchParams)).toBe(false);
  });
});
