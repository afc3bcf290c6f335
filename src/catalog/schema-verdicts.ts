import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { JsonSchema } from "../domain/service-catalog.js";
import { compileSchema } from "./schema-compiler.js";
import { openVerdictCache, type VerdictCache } from "./verdict-cache.js";

let cache: VerdictCache | undefined;
let compilerId: string | undefined;

/** What a schema's compilation depends on besides the schema: ajv's and ajv-formats' versions, the compiler's code. */
function compiler(): string {
  if (compilerId !== undefined) return compilerId;
  const require = createRequire(import.meta.url);
  const versions = ["ajv", "ajv-formats"].map(
    (name) => (require(`${name}/package.json`) as { version: string }).version,
  );
  // The module that configures ajv (its options, formats, dialects), read as source.
  const code = readFileSync(fileURLToPath(new URL("./schema-compiler.ts", import.meta.url)), "utf8");
  compilerId = createHash("sha256").update(JSON.stringify(versions)).update(code).digest("hex");
  return compilerId;
}

/**
 * Throws ajv's error when the schema does not compile (strict mode). A schema that compiled before,
 * with the same ajv and compiler code, is not compiled again at start (ajv's code generation is most
 * of a catalog's load time): it is compiled on first use (compileSchema caches it).
 */
export function checkSchemaCompiles(schema: JsonSchema): void {
  const key = keyOf("compiles", schema);
  if (verdicts().has(key)) return;
  compileSchema(schema);
  verdicts().add(key);
}

/** Whether `value` passed `schema` before (same ajv, same compiler code): it passes now. */
export function knownValid(schema: JsonSchema, value: unknown): boolean {
  return verdicts().has(keyOf("valid", schema, value));
}

/** Keeps that `value` passed `schema` (a plan's defaults its create schema, missing required properties aside). */
export function rememberValid(schema: JsonSchema, value: unknown): void {
  verdicts().add(keyOf("valid", schema, value));
}

function verdicts(): VerdictCache {
  cache ??= openVerdictCache("schemas");
  return cache;
}

function keyOf(...parts: unknown[]): string {
  return createHash("sha256").update(compiler()).update(JSON.stringify(parts)).digest("hex");
}

/** Keeps the schemas that compiled and the values that passed for the next start. */
export function saveSchemaVerdicts(): void {
  cache?.save();
}
