import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createAccidentService } from "../domain/accident-service";
import { route } from "./route";
import { AccidentParams, AccidentView, WithdrawalBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/accidents/{id}/withdrawal",
    summary:
      "Withdraw a case entered by mistake (安委办 only): it leaves the lists and its timers do nothing",
    auth: true,
    access: { roles: ["anweiban"], reaches: "accident" },
    params: AccidentParams,
    body: WithdrawalBody,
    response: AccidentView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createAccidentService(deps).withdraw(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
