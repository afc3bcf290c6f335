import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { VERDICT_CACHE_DIR } from "./verdict-cache.js";

let parserId: string | undefined;

/** Whether JSON gives the value back exactly: plain objects, arrays, strings, finite numbers, booleans, null. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.length === Object.keys(value).length && value.every(isPlainJson);
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false; // a Date (a YAML timestamp), a Buffer...
  return Object.values(value).every(isPlainJson);
}

/**
 * The document of a catalog file, parsed by `parse` (js-yaml's `load`) or, when the same text was
 * parsed before by the same js-yaml version, read back from its JSON (js-yaml's first run is most of a
 * catalog's parse time). Only documents JSON gives back exactly are kept; a parse error is never kept.
 */
export function loadYamlCached(text: string, parse: (text: string) => unknown, dir = VERDICT_CACHE_DIR): unknown {
  parserId ??= (createRequire(import.meta.url)("js-yaml/package.json") as { version: string }).version;
  const key = createHash("sha256").update(parserId).update("\0").update(text).digest("hex");
  const file = join(dir, "yaml", `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // not parsed before
  }
  const document = parse(text);
  if (isPlainJson(document)) {
    try {
      mkdirSync(join(dir, "yaml"), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}-${randomUUID()}`;
      writeFileSync(tmp, JSON.stringify(document));
      renameSync(tmp, file);
    } catch {
      // a read-only checkout: parsed again at the next start
    }
  }
  return document;
}
