import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentView, NewAccidentBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents",
    summary: "Open an accident case (事故); the investigation report is due 60 days after the accident",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    body: NewAccidentBody,
    response: AccidentView,
    status: 201,
    errors: [400, 401, 403, 404, 422],
  },
  ({ deps, principal, body }) => createAccidentService(deps).create(principal, body).then(publicView),
  [timersPort, notifierPort],
);
