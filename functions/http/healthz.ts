import { route } from "./route";
import { Health } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/healthz",
    summary: "Liveness",
    auth: false,
    access: { public: true },
    response: Health,
  },
  async () => ({ status: "ok" as const }),
);
