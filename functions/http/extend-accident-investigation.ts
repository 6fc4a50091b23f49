import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentParams, AccidentView, InvestigationExtensionBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents/{id}/investigation-extension",
    summary: "Extend the investigation once, by at most 60 days (条例 第二十九条)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "accident" },
    params: AccidentParams,
    body: InvestigationExtensionBody,
    response: AccidentView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createAccidentService(deps).extendInvestigation(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
