import { readFileSync } from "node:fs";

/** A cty type as `terraform providers schema -json` writes it: "string", ["list","string"], ["object",{...}]. */
export type CtyType = string | readonly [string, ...unknown[]];

/** One attribute of a block. */
export interface SchemaAttribute {
  readonly type: CtyType;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

/** A nested block type. */
export interface SchemaNestedBlock {
  readonly nesting_mode: "single" | "list" | "set" | "map" | "group";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A configuration block: attributes plus nested block types. */
export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaNestedBlock>>;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
}

/** The schema of the provider, a resource or a data source. */
export interface TypeSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** One provider's entry in `terraform providers schema -json`. */
export interface ProviderSchema {
  readonly provider: TypeSchema;
  readonly resource_schemas: Readonly<Record<string, TypeSchema>>;
  readonly data_source_schemas: Readonly<Record<string, TypeSchema>>;
}

/** The provider's registry address. */
export const PROVIDER_ADDRESS = "registry.terraform.io/terraform-provider-openstack/openstack";
/** The provider version the simulator impersonates. */
export const PROVIDER_VERSION = "3.4.0";

const cache = new Map<string, ProviderSchema>();

/** Loads (once per file) the OpenStack provider schema from a `providers schema -json` document. */
export function loadProviderSchema(file: string): ProviderSchema {
  const hit = cache.get(file);
  if (hit) return hit;
  const doc = JSON.parse(readFileSync(file, "utf8")) as {
    provider_schemas: Record<string, ProviderSchema>;
  };
  const schema = doc.provider_schemas[PROVIDER_ADDRESS];
  if (!schema) throw new Error(`${file}: no schema for ${PROVIDER_ADDRESS}`);
  cache.set(file, schema);
  return schema;
}
