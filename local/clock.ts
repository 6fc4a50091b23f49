import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { toShanghaiIso } from "../functions/domain/calendar";
import { message } from "../functions/domain/messages";
import type { Clock } from "../functions/domain/ports";

export type ClockMode = "real" | "virtual";

/**
 * The local clock. Real mode reads the wall clock; virtual mode holds a time that only moves forward when
 * told to, and is stored with the data so a restart resumes where it was — time never goes backwards.
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
    let start = requested ?? storedNow ?? new Date();
    if (mode === "virtual" && storedNow && requested && requested < storedNow) {
      notice(
        message("cli.now_before_stored", {
          requested: toShanghaiIso(requested),
          stored: toShanghaiIso(storedNow),
        }),
      );
      start = storedNow;
    } else if (mode === "virtual" && storedNow && !requested) {
      start = storedNow;
    }
    const clock = new LocalClock(mode, start, db, table);
    if (mode === "virtual") await clock.persist();
    return clock;
  }

  now(): Date {
    return this.mode === "real" ? new Date() : new Date(this.virtualNow);
  }

  /** Moves virtual time forward (never back) and stores it. */
  async set(to: Date): Promise<void> {
    if (this.mode === "real") return;
    if (to < this.virtualNow)
      throw new Error(
        `the clock does not go backwards (${to.toISOString()} < ${this.virtualNow.toISOString()})`,
      );
    // Stored first: a reader never sees a time that a restart would not resume from.
    await this.persist(to);
    this.virtualNow = new Date(to);
  }

  private async persist(at: Date = this.virtualNow) {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: "CLOCK", sk: "A#CLOCK", type: "clock", now: at.toISOString() },
      }),
    );
  }
}
