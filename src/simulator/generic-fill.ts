import { emptyBlockValue, isObject, zeroValue } from "./block-values.js";
import type { SimulatorConfig } from "./config-types.js";
import { macAddress } from "./ids.js";
import { isUnknown, type TfObject, type TfValue } from "./msgpack-values.js";
import type { CtyType, SchemaBlock } from "./schema-types.js";

/** How the generic filler makes ids and timestamps (random for resources, seeded for data sources). */
export interface GenericFillOptions {
  readonly config: SimulatorConfig;
  /** The top-level `id`. */
  readonly id: string;
  readonly now: string;
  /** An id for a nested `*_id` attribute at a path. */
  readonly idFor: (path: string) => string;
  /** Also fill computed attributes that are null (data sources), not only unknown ones. */
  readonly fillNullComputed?: boolean;
}

/** The project (tenant) id of the simulated credentials: 32 hex digits like Keystone's. */
export const PROJECT_ID = "8d5f3a2c9b7e4f1aa0c6d2e8b4f7a9c1";

/** The broker's Keystone user id (32 hex digits, like every Keystone id). */
export const BROKER_USER_ID = "5e0c27d1f3b94a6c8d2e7f1a9b3c4d60";

function stringFor(name: string, path: string, options: GenericFillOptions): string {
  if (name === "id") return path === "id" ? options.id : options.idFor(path);
  if (name === "region") return options.config.region;
  if (name === "tenant_id" || name === "project_id" || name === "owner") return PROJECT_ID;
  if (name === "user_id") return BROKER_USER_ID;
  if (name.endsWith("_id")) return options.idFor(path);
  if (name === "status") return "ACTIVE";
  if (/^(created|updated)(_at)?$|_time$|^(created|updated)_at$/.test(name)) return options.now;
  if (name === "mac" || name === "mac_address") return macAddress(`${options.id}/${path}`);
  if (name === "availability_zone") return options.config.inventory.availabilityZones[0] ?? "nova";
  if (/secret|password|token|(^|_)key$/.test(name)) return options.idFor(path).replace(/-/g, "");
  if (/(^|_)(url|ref|endpoint)$/.test(name))
    return `https://openstack.simulator/${path.replace(/\./g, "/")}/${options.id}`;
  if (/(^|_)(ip|ip_v4|address)$/.test(name)) {
    const seed = parseInt(options.idFor(path).replace(/-/g, "").slice(0, 6), 16);
    return `10.0.0.${2 + (seed % 250)}`;
  }
  return "";
}

function valueFor(name: string, type: CtyType, path: string, options: GenericFillOptions): TfValue {
  return type === "string" ? stringFor(name, path, options) : zeroValue(type);
}

/**
 * Replaces every unknown value left in `value` (after the resource's behaviour ran) with a known
 * one chosen by attribute name and type: ids, region, timestamps, MACs, "" / 0 / false / [] / {}.
 */
export function fillRemaining(block: SchemaBlock, value: TfObject, options: GenericFillOptions, prefix = ""): TfObject {
  const out: TfObject = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const current = out[name];
    const wanted =
      isUnknown(current) ||
      (options.fillNullComputed && attribute.computed && (current === null || current === undefined));
    if (wanted) out[name] = valueFor(name, attribute.type, `${prefix}${name}`, options);
    else if (current === undefined) out[name] = null;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = out[name];
    if (current === undefined || current === null || isUnknown(current)) {
      out[name] = emptyBlockValue(nested);
      continue;
    }
    if (nested.nesting_mode === "single" || nested.nesting_mode === "group") {
      if (isObject(current)) out[name] = fillRemaining(nested.block, current, options, `${prefix}${name}.`);
    } else if (Array.isArray(current)) {
      out[name] = current.map((item, i) =>
        isObject(item) ? fillRemaining(nested.block, item, options, `${prefix}${name}.${i}.`) : item,
      );
    } else if (isObject(current)) {
      const mapped: TfObject = {};
      for (const [key, item] of Object.entries(current)) {
        mapped[key] = isObject(item) ? fillRemaining(nested.block, item, options, `${prefix}${name}.${key}.`) : item;
      }
      out[name] = mapped;
    }
  }
  return out;
}
