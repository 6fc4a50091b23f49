import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentParams, AccidentView, EvaluationDoneBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents/{id}/evaluation",
    summary: "Record the evaluation of the fixes (整改评估), filed with the 安委办 one level up (备案)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "accident" },
    params: AccidentParams,
    body: EvaluationDoneBody,
    response: AccidentView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createAccidentService(deps).recordEvaluation(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
