import middy from "@middy/core";
import type { Deps } from "../adapters/deps";
import { freshCalendar, lazyHandler } from "../adapters/deps";

/**
 * A workflow Task handler: the state's input goes to one use-case call, whose zod schema validates it
 * (rule 5), and the result becomes the state's output. middy keeps room for shared middleware.
 */
export function task<R>(call: (deps: Deps, input: unknown) => Promise<R>) {
  const create = (deps: Deps) =>
    middy(async (event: unknown) => {
      await freshCalendar(deps);
      return call(deps, event);
    });
  return { create, handler: lazyHandler(create) };
}
