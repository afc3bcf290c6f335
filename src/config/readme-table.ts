import { renderConfigTable } from "./options.js";

/** The README's "Configuration" table: from its header row to the first line that is not a row. */
export function findConfigTable(readme: string): { readonly start: number; readonly end: number } {
  const start = readme.indexOf("| variable | flag | default | meaning |");
  if (start < 0)
    throw new Error("README.md: no configuration table (header '| variable | flag | default | meaning |')");
  const lines = readme.slice(start).split("\n");
  const rows = lines.findIndex((line) => !line.startsWith("|"));
  const length = lines.slice(0, rows < 0 ? lines.length : rows).join("\n").length;
  return { start, end: start + length };
}

/** The README with its configuration table rendered from the option table. */
export function withConfigTable(readme: string): string {
  const { start, end } = findConfigTable(readme);
  return `${readme.slice(0, start)}${renderConfigTable()}${readme.slice(end)}`;
}
