import { createSweepService } from "../domain/sweep-service";
import { task } from "./task";

export const { create, handler } = task((deps, input) => createSweepService(deps).plan(input));
