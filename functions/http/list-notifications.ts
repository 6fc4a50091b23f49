import { createNotificationQueries } from "../domain/notification-queries";
import { EVERYONE, route } from "./route";
import { NotificationList, NotificationQuery } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/notifications",
    summary: "Messages sent (or waiting) to one recipient, a mobile number or an email address",
    auth: true,
    access: { roles: EVERYONE, reaches: "recipient" },
    query: NotificationQuery,
    response: NotificationList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createNotificationQueries(deps).byRecipient(principal, query),
);
