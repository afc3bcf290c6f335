import { readFileSync } from "node:fs";

/** One layer a layer may import, optionally only some of its files (`state (state-store, records)`). */
export interface AllowedLayer {
  readonly layer: string;
  /** Files of that layer's folder (paths without `.ts`) that may be imported; absent: any. */
  readonly only?: readonly string[];
}

/** One row of the layer table in docs/architecture.md. */
export interface Layer {
  readonly name: string;
  /** Its folder, relative to the repository root (`src/broker`, `stacks`). */
  readonly folder: string;
  readonly mayImport: readonly AllowedLayer[];
}

/** The marker line the table follows in docs/architecture.md. */
export const TABLE_MARKER = "<!-- layer table: read and enforced by test/architecture/layers.test.ts -->";

/**
 * Reads the layer table of docs/architecture.md: the markdown table right after {@link TABLE_MARKER},
 * columns `layer | folder | may import | ...`. `may import` is a comma-separated list of layer names,
 * each optionally followed by the only files it may be imported through, in parentheses; `—` for none.
 */
export function readLayerTable(docFile: string): Layer[] {
  const lines = readFileSync(docFile, "utf8").split("\n");
  const start = lines.findIndex((line) => line.trim() === TABLE_MARKER);
  if (start < 0) throw new Error(`${docFile}: no line ${TABLE_MARKER}`);
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim().startsWith("|")) {
      if (rows.length > 0 || line.trim() !== "") break;
      continue;
    }
    rows.push(line);
  }
  // rows[0] is the header, rows[1] the |---| line.
  return rows.slice(2).map((row) => {
    const cells = row
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length < 3) throw new Error(`${docFile}: layer table row without layer, folder and may-import: ${row}`);
    return { name: unquote(cells[0]), folder: unquote(cells[1]), mayImport: parseAllowed(cells[2]) };
  });
}

function unquote(cell: string): string {
  return cell.replace(/^`|`$/g, "");
}

function parseAllowed(cell: string): AllowedLayer[] {
  if (cell === "—" || cell === "-" || cell === "") return [];
  const out: AllowedLayer[] = [];
  for (const match of cell.matchAll(/([A-Za-z][\w-]*)(?:\s*\(([^)]*)\))?\s*(?:,|$)/g)) {
    const only = match[2]?.split(",").map((file) => unquote(file.trim()));
    out.push(only === undefined ? { layer: match[1] } : { layer: match[1], only });
  }
  return out;
}
