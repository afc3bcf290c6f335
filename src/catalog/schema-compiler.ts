import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import type { JsonSchema } from "../domain/service-catalog.js";

// ajv-formats is CommonJS: its module.exports is the plugin function itself.
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

/** The `$schema` published when the catalog does not give one. */
export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
/** The other dialect the broker understands. */
export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

const DRAFT_07_URIS = new Set([
  DRAFT_07,
  "http://json-schema.org/draft-07/schema",
  "https://json-schema.org/draft-07/schema#",
]);
const DRAFT_2020_URIS = new Set([DRAFT_2020_12, `${DRAFT_2020_12}#`]);

// One instance per dialect. addUsedSchema: false so two plans may share a schema `$id`.
const options = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  addUsedSchema: false,
} as const;
const draft07 = new Ajv(options);
const draft2020 = new Ajv2020(options);
addFormats(draft07);
addFormats(draft2020);

const compiled = new WeakMap<object, ValidateFunction>();

/** The schema's dialect URI (`$schema`, default draft-07), or undefined when the broker does not support it. */
export function dialectOf(schema: JsonSchema): string | undefined {
  const uri = schema.$schema ?? DRAFT_07;
  if (typeof uri !== "string") return undefined;
  if (DRAFT_07_URIS.has(uri)) return DRAFT_07;
  if (DRAFT_2020_URIS.has(uri)) return DRAFT_2020_12;
  return undefined;
}

/** The schema with `$schema` set (draft-07 unless given), as OSB requires in the catalog. */
export function withSchemaUri(schema: JsonSchema): JsonSchema {
  return schema.$schema === undefined ? { $schema: DRAFT_07, ...schema } : schema;
}

/**
 * Compiles a parameters schema with ajv (allErrors, ajv-formats), picking the dialect from `$schema`.
 * Compiled validators are cached per schema object. Throws ajv's error for an invalid schema.
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const dialect = dialectOf(schema);
  if (!dialect) throw new Error(`unsupported $schema ${JSON.stringify(schema.$schema)} (use draft-07 or 2020-12)`);
  const ajv = dialect === DRAFT_2020_12 ? draft2020 : draft07;
  const validate = ajv.compile(schema as Record<string, unknown>);
  compiled.set(schema, validate);
  return validate;
}

// The same options without ajv's check of the schema against its meta-schema (compiling the
// meta-schema is most of a process's first compile), for schemas a catalog load has checked.
let checked: { readonly draft07: Ajv; readonly draft2020: Ajv2020 } | undefined;

/**
 * {@link compileSchema} for a schema of a loaded catalog: checkParametersSchema compiled it at load
 * (or a kept verdict says it did, schema-verdicts.ts), meta-schema check included, so the validator
 * is the same without that check. MUST NOT be given a schema no catalog load has checked.
 */
export function compileCheckedSchema(schema: JsonSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const dialect = dialectOf(schema);
  if (!dialect) throw new Error(`unsupported $schema ${JSON.stringify(schema.$schema)} (use draft-07 or 2020-12)`);
  if (checked === undefined) {
    const unchecked = { ...options, validateSchema: false } as const;
    checked = { draft07: new Ajv(unchecked), draft2020: new Ajv2020(unchecked) };
    addFormats(checked.draft07);
    addFormats(checked.draft2020);
  }
  const validate = (dialect === DRAFT_2020_12 ? checked.draft2020 : checked.draft07).compile(
    schema as Record<string, unknown>,
  );
  compiled.set(schema, validate);
  return validate;
}

/** Turns an ajv instance path (`/a/0/b`) into a field path below `base` (`parameters.a[0].b`). */
export function instancePathToField(base: string, instancePath: string): string {
  if (!instancePath) return base;
  let out = base;
  for (const raw of instancePath.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** One validation failure: the field (`parameters.sleep_seconds`) and ajv's message, made clearer. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * Renders ajv errors as field errors below `base`. `required` and `additionalProperties` name the
 * property itself; `enum` lists the allowed values. Duplicates are dropped.
 */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined, base: string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    let field = instancePathToField(base, error.instancePath);
    let message = error.message ?? "is invalid";
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "required" && typeof params.missingProperty === "string") {
      field = instancePathToField(field, `/${params.missingProperty}`);
      message = "is required";
    } else if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
      field = instancePathToField(field, `/${params.additionalProperty}`);
      message = "is not allowed by the schema";
    } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
      message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}
