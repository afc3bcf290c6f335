/** Rewrites the table of docs/resource-services.md (`npm run gen:resource-docs`). */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { withCurrentTable } from "./resource-services-table.js";

const file = resolve(import.meta.dirname, "..", "docs", "resource-services.md");
writeFileSync(file, withCurrentTable(readFileSync(file, "utf8")));
process.stdout.write(`${file}: table written\n`);
