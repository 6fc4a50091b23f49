import { afterAll, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/adapters/dynamo/client";
import { createOutboxStore } from "../../functions/adapters/dynamo/outbox-store";
import type { OutboxEntry } from "../../functions/domain/ports";
import { ensureTable, startDynalite } from "../../local/dynamo";
import { cleanUpProcesses } from "./process";

/**
 * Enqueueing in batches (issue 12): an existence read, then a batch write of the absent entries. A replay
 * finds every twin whatever became of it (sent, failed) and writes none of them again; a key twice in one
 * call is written once.
 */

const TABLE = "duban";

afterAll(cleanUpProcesses);

const entry = (n: number): OutboxEntry => ({
  key: `batch-claim-${n}`,
  id: `id-${n}`,
  channel: "sms",
  recipient: `1380000${String(n).padStart(4, "0")}`,
  template: "monthly-report-last-day",
  params: {},
  subject: { type: "filing", id: `filing-${n}` },
  scope: "530502",
  status: "queued",
  attempts: 0,
  createdAt: "2026-11-05T01:00:00.000Z",
  notBefore: "2026-11-05T01:00:00.000Z",
});

describe("claimMany", () => {
  it("writes the absent entries once and leaves every existing one as it is", {
    timeout: 60_000,
  }, async () => {
    const dynamo = await startDynalite({});
    await ensureTable(dynamo.endpoint, TABLE);
    const db = documentClient({ tableName: TABLE, endpoint: dynamo.endpoint });
    const outbox = createOutboxStore(db, TABLE, 4);
    const claimMany = outbox.claimMany?.bind(outbox);
    if (!claimMany) throw new Error("the DynamoDB outbox claims in batches");
    try {
      const first = Array.from({ length: 130 }, (_, i) => entry(i));
      expect((await claimMany(first)).every(Boolean)).toBe(true);
      // One of them sent since, one failed: a replay must not put them back in the queue.
      expect(await outbox.transition("batch-claim-3", "queued", { status: "sent", attempts: 1 })).toBe(true);
      expect(await outbox.transition("batch-claim-120", "queued", { status: "failed", attempts: 1 })).toBe(
        true,
      );

      const replay = [...first, entry(130), entry(130), entry(131)];
      const claimed = await claimMany(replay);
      expect(claimed.filter(Boolean)).toHaveLength(2);
      expect(claimed.slice(0, 130).some(Boolean)).toBe(false);
      expect(claimed.slice(130)).toEqual([true, false, true]);
      expect((await outbox.get("batch-claim-3"))?.status).toBe("sent");
      expect((await outbox.get("batch-claim-120"))?.status).toBe("failed");
      expect((await outbox.get("batch-claim-131"))?.status).toBe("queued");
      // The conditional put agrees with the batch.
      expect(await outbox.claim(entry(131))).toBe(false);

      let due = 0;
      let token: string | undefined;
      do {
        const page = await outbox.pageDue("2026-11-06T00:00:00.000Z", token);
        due += page.items.length;
        token = page.nextToken;
      } while (token);
      expect(due, "every queued entry in the dispatch index, the sent and failed ones out of it").toBe(130);
    } finally {
      await dynamo.stop();
    }
  });
});
