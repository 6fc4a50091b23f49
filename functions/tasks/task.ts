import middy from "@middy/core";
import type { AwsPort, Deps } from "../adapters/deps";
import { freshCalendar, lazyHandler, only } from "../adapters/deps";
import type { PortFactory } from "../adapters/lambda-deps";

/**
 * A workflow Task handler: the state's input goes to one use-case call, whose zod schema validates it
 * (rule 5), and the result becomes the state's output. middy keeps room for shared middleware. `ports`
 * are the AWS ports the call uses (functions/adapters/aws-ports/); the function bundles only those.
 */
export function task<R>(
  call: (deps: Deps, input: unknown) => Promise<R>,
  ports: readonly PortFactory<AwsPort>[] = [],
) {
  const named = ports.map((p) => p.port);
  const create = (all: Deps) => {
    const deps = only(all, named);
    return middy(async (event: unknown) => {
      await freshCalendar(deps);
      return call(deps, event);
    });
  };
  return { create, handler: lazyHandler(create, ports), ports: named };
}
