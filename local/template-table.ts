/**
 * Writes the table of every template as sent (longest realistic parameters) into config/README.md:
 * `npm run templates:table`. test/unit/templates.test.ts fails when the README's table is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { config } from "../config";
import { templateTable, withTemplateTable } from "../functions/domain/template-table";

const path = join(import.meta.dirname, "..", "config", "README.md");
writeFileSync(path, withTemplateTable(readFileSync(path, "utf8"), templateTable(config)));
console.log(`templates table written to ${path}`);
