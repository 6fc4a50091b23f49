import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentParams, AccidentView, ReportSubmissionBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents/{id}/report",
    summary:
      "Submit the investigation report: approval due in 15 days (30 for 特别重大), then closing approves it",
    auth: true,
    access: { roles: OFFICIALS, reaches: "accident" },
    params: AccidentParams,
    body: ReportSubmissionBody,
    response: AccidentView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createAccidentService(deps).submitReport(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
