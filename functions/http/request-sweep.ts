import { timersPort } from "../adapters/aws-ports/timers";
import { createSweepService } from "../domain/sweep-service";
import { route } from "./route";
import { SweepRequestBody, SweepRequestReceipt } from "./statistics-schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/statistics/sweeps",
    summary: "Sweep a month now (again); admin only. The figures replace the month's stored ones",
    auth: true,
    access: { roles: ["admin"], reaches: "none" },
    body: SweepRequestBody,
    response: SweepRequestReceipt,
    status: 202,
    errors: [400, 401, 403],
  },
  ({ deps, principal, body }) => createSweepService(deps).requestSweep(principal, body),
  [timersPort],
);
