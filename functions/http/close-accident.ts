import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentParams, AccidentView, ClosureBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents/{id}/closure",
    summary: "Close the case (结案): the evaluation window opens 10 months later and is due at 12",
    auth: true,
    access: { roles: OFFICIALS, reaches: "accident" },
    params: AccidentParams,
    body: ClosureBody,
    response: AccidentView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createAccidentService(deps).close(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
