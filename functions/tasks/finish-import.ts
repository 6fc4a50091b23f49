import { createImportService } from "../domain/import-service";
import { task } from "./task";

export const { create, handler } = task((deps, input) => createImportService(deps).finishImport(input));
