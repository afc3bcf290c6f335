// Rewrites README.md's configuration table from the option table (src/config/options.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { withConfigTable } from "../src/config/readme-table.js";

const file = new URL("../README.md", import.meta.url);
writeFileSync(file, withConfigTable(readFileSync(file, "utf8")));
console.log("README.md: configuration table written from src/config/options.ts");
