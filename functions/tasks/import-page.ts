import { objectsPort } from "../adapters/aws-ports/objects";
import { workflowsPort } from "../adapters/aws-ports/workflows";
import { createImportService } from "../domain/import-service";
import { task } from "./task";

export const { create, handler, ports } = task(
  (deps, input) => createImportService(deps).importPage(input),
  [objectsPort, workflowsPort],
);
