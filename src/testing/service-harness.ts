import { resolveParameters } from "../catalog/parameters.js";
import { synthesize, type StackOutput, type SynthesisResult } from "../synth/synthesize.js";
import { loadCatalogEntry, type CatalogEntry, type CatalogEntryOptions } from "./catalog-entry.js";

/** Options of {@link synthesizeService}. */
export interface SynthesizeServiceOptions extends CatalogEntryOptions {
  /** Service name in the catalog (`trove-mysql`). */
  readonly service: string;
  /** Plan name (`small`). */
  readonly plan: string;
  /** Which stack. Default: instance. */
  readonly kind?: "instance" | "binding";
  /** Request parameters, validated and merged exactly as the broker does (`resolveParameters`:
   *  create → plan defaults ← parameters; bind → parameters only). Default: none. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** For an instance stack: `update` validates `parameters` with the update schema and merges them
   *  over `previous` (the instance's current values) like the broker. Default: create. */
  readonly action?: "create" | "update";
  /** The instance's current parameter values, for `action: "update"`. */
  readonly previous?: Readonly<Record<string, unknown>>;
  /** Default: `00000000-0000-4000-8000-000000000001`. */
  readonly instanceId?: string;
  /** Default for a binding: `00000000-0000-4000-8000-0000000000b1`. */
  readonly bindingId?: string;
  /** Instance outputs a binding stack reads (values as `terraform output -json` gives them). */
  readonly instanceOutputs?: Readonly<Record<string, unknown>>;
  /** Broker-generated secrets; every secret the definition declares gets a fixed test value by default. */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** A synthesized stack with helpers for targeted assertions. */
export interface SynthesizedService extends SynthesisResult {
  readonly entry: CatalogEntry;
  /** The parameter values the stack received (defaults merged with the request). */
  readonly values: Readonly<Record<string, unknown>>;
  /** All resources of a terraform type, by name (`{}` when none). */
  resources(type: string): Record<string, Record<string, unknown>>;
  /** The one resource of that type; throws when there is not exactly one. */
  resource(type: string): Record<string, unknown>;
  /** All data sources of a type, by name. */
  dataSources(type: string): Record<string, Record<string, unknown>>;
  /** The `value` expression of each output, by name. */
  outputValues(): Record<string, unknown>;
  /** The cdk.tf.json text terraform will read. */
  json(): string;
}

/** Default ids used by the harness (stable, so snapshots are stable). */
export const TEST_INSTANCE_ID = "00000000-0000-4000-8000-000000000001";
export const TEST_BINDING_ID = "00000000-0000-4000-8000-0000000000b1";

/** The fixed test value of a broker-generated secret: 32 url-safe characters, like the broker's. */
export function testSecret(name: string): string {
  return `test-${name}-`.padEnd(32, "x").slice(0, 32);
}

/**
 * Synthesizes a service's instance or binding stack exactly as the broker does (same `synthesize`,
 * request values as variables), for a catalog plan and given parameters. Local backend, so the
 * result can be applied by {@link createStackWorkspace}. Throws when the parameters fail the plan's
 * schema, naming the field.
 */
export async function synthesizeService(options: SynthesizeServiceOptions): Promise<SynthesizedService> {
  const entry = await loadCatalogEntry(options.service, options.plan, options);
  const kind = options.kind ?? "instance";
  const action = kind === "binding" ? "bind" : (options.action ?? "create");
  let values: Record<string, unknown>;
  try {
    values = resolveParameters({
      plan: entry.plan,
      action,
      given: options.parameters,
      previous: options.previous,
    }).values;
  } catch (error) {
    throw new Error(`${options.service}/${options.plan}: ${action} parameters rejected: ${(error as Error).message}`);
  }
  const declared = entry.definition.secrets?.[kind] ?? [];
  const secrets = Object.fromEntries(declared.map((name) => [name, options.secrets?.[name] ?? testSecret(name)]));
  const instanceOutputs: Record<string, StackOutput> = {};
  for (const [name, value] of Object.entries(options.instanceOutputs ?? {}))
    instanceOutputs[name] = { value, sensitive: true };

  const result = synthesize({
    definition: entry.definition,
    service: entry.service,
    plan: entry.plan,
    kind,
    values,
    instanceId: options.instanceId ?? TEST_INSTANCE_ID,
    bindingId: kind === "binding" ? (options.bindingId ?? TEST_BINDING_ID) : undefined,
    instanceOutputs,
    secrets,
    backend: "local",
  });
  const block = (key: string, type: string) =>
    (result.config[key] as Record<string, Record<string, Record<string, unknown>>> | undefined)?.[type] ?? {};
  return {
    ...result,
    entry,
    values,
    resources: (type) => block("resource", type),
    resource(type) {
      const all = Object.values(block("resource", type));
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0];
    },
    dataSources: (type) => block("data", type),
    outputValues: () =>
      Object.fromEntries(
        Object.entries((result.config.output ?? {}) as Record<string, { value: unknown }>).map(([k, v]) => [
          k,
          v.value,
        ]),
      ),
    json: () => JSON.stringify(result.config, null, 2),
  };
}

/**
 * Asserts the broker's central rule: no request value appears literally in cdk.tf.json (values go
 * only to terraform.tfvars.json). A string parameter (3+ characters) or sensitive variable value must
 * not be any string of the configuration; one of 12+ characters must not occur inside any either
 * (shorter ones would match names such as `private_key`: use long, distinctive test values).
 */
export function assertNoRequestLiterals(
  stack: SynthesizedService,
  values: Readonly<Record<string, unknown>> = stack.values,
): void {
  const leaves: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") leaves.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(stack.config);
  const check = (what: string, value: unknown) => {
    if (typeof value !== "string" || value.length < 3) return;
    const leaf = leaves.find((l) => l === value || (value.length >= 12 && l.includes(value)));
    if (leaf !== undefined) throw new Error(`${what} appears literally in cdk.tf.json: ${JSON.stringify(leaf)}`);
  };
  for (const [name, value] of Object.entries(values))
    check(`parameter ${name}'s value ${JSON.stringify(value)}`, value);
  for (const name of stack.sensitive) check(`sensitive variable ${name}'s value`, stack.variables[name]);
}
