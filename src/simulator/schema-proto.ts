import type { ProviderSchema, SchemaBlock, TypeSchema } from "./schema-types.js";

/** A tfplugin6 `Schema` message as a plain object for @grpc/proto-loader (keepCase, enum names). */
export interface ProtoSchema {
  readonly version: number;
  readonly block: ProtoBlock;
}

interface ProtoBlock {
  readonly version: number;
  readonly attributes: readonly Record<string, unknown>[];
  readonly block_types: readonly Record<string, unknown>[];
  readonly description: string;
  readonly description_kind: "PLAIN" | "MARKDOWN";
  readonly deprecated: boolean;
}

function kind(value: string | undefined): "PLAIN" | "MARKDOWN" {
  return value === "markdown" ? "MARKDOWN" : "PLAIN";
}

/** Converts one JSON schema block into the protocol's Block message (attributes sorted by name). */
export function toProtoBlock(block: SchemaBlock, version = 0): ProtoBlock {
  const attributes = Object.entries(block.attributes ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, attribute]) => ({
      name,
      type: Buffer.from(JSON.stringify(attribute.type)),
      description: attribute.description ?? "",
      required: attribute.required ?? false,
      optional: attribute.optional ?? false,
      computed: attribute.computed ?? false,
      sensitive: attribute.sensitive ?? false,
      description_kind: kind(attribute.description_kind),
      deprecated: attribute.deprecated ?? false,
    }));
  const blockTypes = Object.entries(block.block_types ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([typeName, nested]) => ({
      type_name: typeName,
      block: toProtoBlock(nested.block),
      nesting: nested.nesting_mode.toUpperCase(),
      min_items: nested.min_items ?? 0,
      max_items: nested.max_items ?? 0,
    }));
  return {
    version,
    attributes,
    block_types: blockTypes,
    description: block.description ?? "",
    description_kind: kind(block.description_kind),
    deprecated: block.deprecated ?? false,
  };
}

/** Converts a provider/resource/data source schema. */
export function toProtoSchema(schema: TypeSchema): ProtoSchema {
  return { version: schema.version, block: toProtoBlock(schema.block, schema.version) };
}

function mapValues(input: Readonly<Record<string, TypeSchema>>): Record<string, ProtoSchema> {
  const out: Record<string, ProtoSchema> = {};
  for (const [name, schema] of Object.entries(input)) out[name] = toProtoSchema(schema);
  return out;
}

/** The whole GetProviderSchema response for the OpenStack provider schema. */
export function buildSchemaResponse(schema: ProviderSchema): Record<string, unknown> {
  return {
    provider: toProtoSchema(schema.provider),
    resource_schemas: mapValues(schema.resource_schemas),
    data_source_schemas: mapValues(schema.data_source_schemas),
    functions: {},
    ephemeral_resource_schemas: {},
    diagnostics: [],
    server_capabilities: { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false },
  };
}
