import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { YearCalendar } from "../../domain/calendar";
import type { CalendarStore } from "../../domain/calendar-service";
import { queryPage, stripKeys } from "./batch";

/** Supplied holiday years: one item per year, listed through gsi1 (a handful of items). */
export function createCalendarStore(db: DynamoDBDocumentClient, table: string): CalendarStore {
  return {
    async years() {
      const page = await queryPage(db, {
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "CALENDARS" },
      });
      return page.items.map((i) => stripKeys<YearCalendar>(i));
    },
    async putYear(year) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `CAL#${year.year}`,
            sk: "A#CAL",
            type: "calendar",
            gsi1pk: "CALENDARS",
            gsi1sk: String(year.year),
            ...year,
          },
        }),
      );
    },
  };
}
