import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { toShanghaiIso } from "../functions/domain/calendar";
import { message } from "../functions/domain/messages";
import type { Clock } from "../functions/domain/ports";

export type ClockMode = "real" | "virtual";

/** How often the real clock stores where it is (a kill loses at most this much of the floor). */
const REAL_STORE_EVERY_MS = 10_000;

/**
 * The local clock. Real mode reads the wall clock; virtual mode holds a time that only moves forward when
 * told to, and is stored with the data so a restart resumes where it was — time never goes backwards. The
 * real clock stores its time too: a virtual start on data the real clock wrote begins no earlier.
 */
export class LocalClock implements Clock {
  private constructor(
    readonly mode: ClockMode,
    private virtualNow: Date,
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  static async open(
    db: DynamoDBDocumentClient,
    table: string,
    mode: ClockMode,
    requested: Date | undefined,
    notice: (text: string) => void,
  ): Promise<LocalClock> {
    const stored = await db.send(new GetCommand({ TableName: table, Key: { pk: "CLOCK", sk: "A#CLOCK" } }));
    const storedNow = stored.Item?.now ? new Date(String(stored.Item.now)) : undefined;
    const storedMode: ClockMode = stored.Item?.mode === "real" ? "real" : "virtual";
    // Whatever clock last ran on this data, real or virtual, its time is the floor: the data was written
    // up to then, and a schedule or timer behind it would never fire again.
    let start = requested ?? storedNow ?? new Date();
    if (storedNow && start < storedNow) {
      if (requested)
        notice(
          message("cli.now_before_stored", {
            requested: toShanghaiIso(requested),
            stored: toShanghaiIso(storedNow),
            mode: message(storedMode === "real" ? "cli.clock_real" : "cli.clock_virtual"),
          }),
        );
      start = storedNow;
    }
    const clock = new LocalClock(mode, start, db, table);
    if (mode === "real" && storedNow && storedNow > new Date())
      notice(message("cli.real_clock_behind_stored", { stored: toShanghaiIso(storedNow) }));
    clock.storedAt = storedNow?.getTime() ?? 0;
    await clock.persist(clock.now());
    return clock;
  }

  now(): Date {
    return this.mode === "real" ? new Date() : new Date(this.virtualNow);
  }

  /**
   * Moves virtual time forward (never back) and stores it. The real clock only stores where it is, at most
   * every `REAL_STORE_EVERY_MS`, so that a later virtual `--now` cannot start behind what it wrote.
   */
  async set(to: Date): Promise<void> {
    if (this.mode === "real") {
      if (to.getTime() - this.storedAt >= REAL_STORE_EVERY_MS) await this.persist(to);
      return;
    }
    if (to < this.virtualNow)
      throw new Error(
        `the clock does not go backwards (${to.toISOString()} < ${this.virtualNow.toISOString()})`,
      );
    // Stored first: a reader never sees a time that a restart would not resume from.
    await this.persist(to);
    this.virtualNow = new Date(to);
  }

  /** Stores the current time (the real clock's on a clean stop). */
  async store(): Promise<void> {
    await this.persist(this.now());
  }

  private storedAt = 0;

  /** Never stores a time earlier than one already stored: the floor only rises. */
  private async persist(at: Date = this.virtualNow) {
    if (at.getTime() < this.storedAt) return;
    this.storedAt = at.getTime();
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: "CLOCK", sk: "A#CLOCK", type: "clock", mode: this.mode, now: at.toISOString() },
      }),
    );
  }
}
