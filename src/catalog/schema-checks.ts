import { joinPath } from "./catalog-error.js";
import { DRAFT_07, DRAFT_2020_12, dialectOf, withSchemaUri } from "./schema-compiler.js";
import { checkSchemaCompiles } from "./schema-verdicts.js";
import type { JsonSchema } from "../domain/service-catalog.js";

/** The largest schema OSB allows in a catalog, in bytes of JSON. */
export const MAX_SCHEMA_BYTES = 64 * 1024;

/** The reserved update parameter that opts in to destructive updates; plans must not declare it. */
export const ALLOW_REPLACE = "allow_replace";

/** A problem inside a schema: `path` is relative to the schema (empty for the schema itself). */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Checks a plan's parameters schema: OSB limits (at most 64 kB, no external `$ref`), an object at the
 * top, a supported `$schema`, the reserved `allow_replace`, and that ajv compiles it (strict mode, so
 * a misspelt keyword such as `maxlenght` is reported).
 */
export function checkParametersSchema(schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(withSchemaUri(schema)), "utf8");
  if (bytes > MAX_SCHEMA_BYTES) {
    return [{ path: "", message: `is ${bytes} bytes; OSB allows at most 64 kB (${MAX_SCHEMA_BYTES} bytes)` }];
  }
  if (!dialectOf(schema)) {
    problems.push({
      path: "$schema",
      message: `unsupported ${JSON.stringify(schema.$schema)} (use ${DRAFT_07} or ${DRAFT_2020_12})`,
    });
    return problems;
  }
  if (schema.type !== "object") problems.push({ path: "type", message: 'must be "object" (parameters are an object)' });
  const properties = schema.properties;
  if (properties && typeof properties === "object" && ALLOW_REPLACE in properties) {
    problems.push({
      path: joinPath("properties", ALLOW_REPLACE),
      message: "is reserved by the broker (the opt-in for destructive updates); do not declare it",
    });
  }
  const refs = externalRefs(schema, "");
  for (const ref of refs)
    problems.push({
      path: ref.path,
      message: `external reference ${JSON.stringify(ref.value)} is not allowed (only "#..." references)`,
    });
  if (refs.length === 0) {
    try {
      checkSchemaCompiles(schema);
    } catch (error) {
      problems.push({ path: "", message: `is not a valid JSON Schema: ${(error as Error).message}` });
    }
  }
  return problems;
}

function externalRefs(node: unknown, path: string): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  if (Array.isArray(node)) {
    node.forEach((item, i) => found.push(...externalRefs(item, joinPath(path, i))));
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      const here = joinPath(path, key);
      if ((key === "$ref" || key === "$dynamicRef") && typeof value === "string") {
        if (!value.startsWith("#")) found.push({ path: here, value });
      } else {
        found.push(...externalRefs(value, here));
      }
    }
  }
  return found;
}
