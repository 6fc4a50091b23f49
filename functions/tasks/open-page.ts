import { createFilingCycle } from "../domain/filing-cycle";
import { task } from "./task";

export const { create, handler } = task((deps, input) => createFilingCycle(deps).openPage(input));
