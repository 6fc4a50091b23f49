import { spawn } from "node:child_process";
import { join } from "node:path";
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/adapters/dynamo/client";
import { createOutboxStore } from "../../functions/adapters/dynamo/outbox-store";
import { resolveInterrupted } from "../../functions/domain/interrupted-sends";
import { ensureTable, startDynalite } from "../../local/dynamo";
import { createSmsSink } from "../../local/sms-sink";
import { repairByState } from "../../local/unclean-stop";
import { cleanUpProcesses, tempDir } from "./process";

/**
 * The local store under kill -9 (issue 7, finding 7: messages whose item said `sending` while no index
 * query returned them). DynamoDB writes an item and its index keys as one; the local store must too, and a
 * restart after a crash finds unsettled messages by their state, not only through the index.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const TABLE = "duban";

afterAll(cleanUpProcesses);

function writeAndDie(path: string, items: number, killAt: number): Promise<string | null> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/integration/fixtures/store-writer.ts", path, String(items), String(killAt)],
    { cwd: ROOT, stdio: "inherit" },
  );
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
}

async function openStore(path: string) {
  const dynamo = await startDynalite({ path });
  await ensureTable(dynamo.endpoint, TABLE);
  return { dynamo, db: documentClient({ tableName: TABLE, endpoint: dynamo.endpoint }) };
}

describe("the local store killed with writes in flight", () => {
  it("never leaves an item's state and its index entry apart", { timeout: 120_000 }, async () => {
    const path = tempDir("store-crash");

    const signal = await writeAndDie(path, 400, 200);
    const { dynamo, db } = await openStore(path);
    const scanned = await db.send(new ScanCommand({ TableName: TABLE }));
    const indexed = await db.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": "SENDING#0" },
      }),
    );
    await dynamo.stop();

    const sending = (scanned.Items ?? []).filter((i) => i.status === "sending").map((i) => i.pk);
    const inIndex = (indexed.Items ?? []).map((i) => i.pk);
    expect(signal).toBe("SIGKILL");
    expect(sending.length, "the kill cut the moves short").toBeGreaterThan(0);
    expect(inIndex.sort()).toEqual(sending.sort());
    const states = await Promise.all(
      inIndex.map(async (pk) => {
        const got = await db
          .send(new GetCommand({ TableName: TABLE, Key: { pk, sk: "A#MSG" } }))
          .catch(() => undefined);
        return got?.Item?.status;
      }),
    );
    expect(states.filter((s) => s !== undefined && s !== "sending")).toEqual([]);
  });
});

describe("the restart after an unclean stop", () => {
  it("settles messages by their state even when the index lost them", { timeout: 60_000 }, async () => {
    const { dynamo, db } = await openStore(tempDir("repair"));
    const outbox = createOutboxStore(db, TABLE, 4);
    const message = (key: string, status: string) => ({
      pk: `MSG#${key}`,
      sk: "A#MSG",
      type: "message",
      key,
      id: key,
      channel: "sms",
      recipient: "13800000000",
      template: "monthly-report-last-day",
      status,
      attempts: 1,
      createdAt: "2026-11-05T01:00:00.000Z",
      claimedAt: "2026-11-05T01:00:00.000Z",
    });
    // As a crash between index and item left them before the two were one write: no index keys at all.
    await db.send(new PutCommand({ TableName: TABLE, Item: message("lost-in-flight", "sending") }));
    await db.send(new PutCommand({ TableName: TABLE, Item: message("lost-waiting", "queued") }));

    const before = await outbox.pageInFlight("2026-11-06T00:00:00.000Z");
    // The local sink stands in for a channel that cannot be asked whether the message went out.
    const sink = createSmsSink({ now: () => new Date("2026-11-06T00:00:00.000Z") });
    const repaired = await repairByState(db, TABLE, outbox, (entry) =>
      resolveInterrupted(entry, {
        outbox,
        sms: sink.channel,
        clock: { now: () => new Date() },
        retentionDays: 400,
      }),
    );
    const inFlight = await outbox.pageInFlight("2026-11-06T00:00:00.000Z");
    const due = await outbox.pageDue("2026-11-06T00:00:00.000Z");
    const settled = await outbox.get("lost-in-flight");
    await dynamo.stop();

    expect(before.items).toEqual([]);
    expect(repaired).toEqual({ interrupted: 1, requeued: 1, timers: 0 });
    expect(settled?.status).toBe("unknown");
    expect(settled?.lastError).toMatch(/interrupted/);
    expect(inFlight.items).toEqual([]);
    expect(due.items.map((m) => m.key)).toEqual(["lost-waiting"]);
  });
});
