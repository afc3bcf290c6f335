import { App, TerraformOutput, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer.js";
import type { PlanDefinition, ServiceOffering } from "../domain/service-catalog.js";
import type { BindingContext, InstanceContext, ServiceDefinition } from "./service-definition.js";
import { mergeProviderBlocks } from "./provider-blocks.js";
import { clearTokenMap } from "./token-map.js";
import { VariableCollector, terraformType, variableName } from "./variables.js";

/** An instance output as `terraform output -json` gave it. */
export interface StackOutput {
  readonly value: unknown;
  readonly sensitive: boolean;
}

export interface SynthesizeOptions {
  readonly definition: ServiceDefinition;
  readonly service: ServiceOffering;
  readonly plan: PlanDefinition;
  readonly kind: "instance" | "binding";
  /** Parameter values (plan defaults merged with the request), already validated. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly instanceId: string;
  /** Required for a binding stack. */
  readonly bindingId?: string;
  /** The instance stack's outputs, for a binding stack. */
  readonly instanceOutputs?: Readonly<Record<string, StackOutput>>;
  /** Broker-generated secrets by name (instance secrets for an instance stack, binding secrets for a binding). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Backend block: `http` (the broker's state backend, configured by TF_HTTP_* env) or `local`. Default: http. */
  readonly backend?: "http" | "local";
  /** Literal provider configurations chosen by the operator, by provider name (e.g. `{ openstack: { cloud: "prod" } }`). */
  readonly providers?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface SynthesisResult {
  /** The cdk.tf.json document. Holds no request value: those are all in `variables`. */
  readonly config: Record<string, unknown>;
  /** Values for terraform.tfvars.json (may hold secrets: write just in time, delete after the run). */
  readonly variables: Record<string, unknown>;
  /** Names of the variables whose values are secret (never print them). */
  readonly sensitive: readonly string[];
  /** Output names the stack declares. */
  readonly outputs: readonly string[];
  /** What the construct read, for the catalog check (src/catalog/check-stacks.ts): parameter and instance output names. */
  readonly reads: { readonly parameters: readonly string[]; readonly instanceOutputs: readonly string[] };
}

/** Provider sources, for `required_providers` (and the plans' derived maintenance_info versions). */
export const PROVIDER_SOURCES: Record<string, { source: string; version: string }> = {
  openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" },
};

/**
 * Synthesizes a service's instance or binding stack in-process. Request values reach terraform only
 * as variables (`param_*`, `secret_*`, `instance_output_*`, `instance_id`, `binding_id`). Binding outputs are
 * credentials and always marked sensitive, so terraform never prints their values.
 * Clears cdktf's global token map afterwards (MUST: memory grows ~48 KB per synth otherwise).
 */
export function synthesize(options: SynthesizeOptions): SynthesisResult {
  const { definition, plan, kind } = options;
  if (kind === "binding" && definition.binding === undefined)
    throw new Error(`stack ${plan.stack} defines no binding stack`);
  if (kind === "binding" && options.bindingId === undefined) throw new Error("a binding stack needs a bindingId");

  // cdktf records a creation stack trace for every token and formats it at once; formatting is most of
  // a synthesis' time. Synthesis is synchronous, so for its duration creation stacks are formatted as
  // "" (an error thrown by a construct is formatted later, after the restore, with its full stack).
  const prepareStackTrace = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    const app = new App({ outdir: "/nonexistent", skipValidation: true, skipBackendValidation: true });
    const stack = new TerraformStack(app, kind);
    const vars = new VariableCollector(stack);
    const outputs: string[] = [];
    const reads = { parameters: new Set<string>(), instanceOutputs: new Set<string>() };
    const schemaProperties = propertiesFor(plan, kind);

    const base: InstanceContext = {
      plan: {
        serviceId: options.service.id,
        serviceName: options.service.name,
        id: plan.id,
        name: plan.name,
        settings: plan.settings,
      },
      instanceId: vars.use("instance_id", { type: "string", sensitive: false, value: options.instanceId }),
      // A parameter the schema marks `writeOnly` (a password) is a sensitive variable: terraform masks it.
      param: (name) => {
        reads.parameters.add(name);
        const property = schemaProperties[name] as Record<string, unknown> | undefined;
        return vars.use(variableName("param", name), {
          type: terraformType(property),
          sensitive: property?.writeOnly === true,
          value: options.values[name],
        });
      },
      secret: (name) => {
        const value = options.secrets?.[name];
        if (value === undefined)
          throw new Error(`stack ${plan.stack} reads secret "${name}" not declared in secrets.${kind}`);
        return vars.use(variableName("secret", name), { type: "string", sensitive: true, value });
      },
      // Binding outputs are credentials: always sensitive. Instance outputs: as declared.
      output: (name, value, outputOptions) => {
        const sensitive = kind === "binding" || outputOptions?.sensitive === true;
        const output = new TerraformOutput(stack, `output-${name}`, { value, sensitive });
        output.overrideLogicalId(name);
        outputs.push(name);
      },
    };
    if (kind === "instance") {
      definition.instance(stack, base);
    } else {
      const context: BindingContext = {
        ...base,
        bindingId: vars.use("binding_id", { type: "string", sensitive: false, value: options.bindingId }),
        // Terraform leaves null outputs out of `output -json`: a missing output is null.
        instanceOutput: (name) => {
          reads.instanceOutputs.add(name);
          const output = options.instanceOutputs?.[name];
          return vars.use(variableName("instance_output", name), {
            type: "any",
            sensitive: output?.sensitive ?? false,
            value: output?.value,
          });
        },
      };
      definition.binding?.(stack, context);
    }

    addTerraformBlock(stack, options);
    invokeAspects(stack);
    const config = stack.toTerraform() as Record<string, unknown>;
    delete config["//"];
    const providers = mergeProviderBlocks({
      declared: config.provider,
      providers: definition.providers ?? [],
      configured: options.providers ?? {},
      stack: plan.stack,
    });
    if (Object.keys(providers).length === 0) delete config.provider;
    else config.provider = providers;
    return {
      config,
      variables: vars.values(),
      sensitive: vars.sensitive(),
      outputs,
      reads: { parameters: [...reads.parameters], instanceOutputs: [...reads.instanceOutputs] },
    };
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    clearTokenMap();
  }
}

function propertiesFor(plan: PlanDefinition, kind: "instance" | "binding"): Record<string, unknown> {
  const pick = (schema: Record<string, unknown> | undefined) => (schema?.properties ?? {}) as Record<string, unknown>;
  return kind === "instance" ? { ...pick(plan.schemas.update), ...pick(plan.schemas.create) } : pick(plan.schemas.bind);
}

function addTerraformBlock(stack: TerraformStack, options: SynthesizeOptions): void {
  if ((options.backend ?? "http") === "http") stack.addOverride("terraform.backend.http", {});
  for (const name of options.definition.providers ?? []) {
    const source = PROVIDER_SOURCES[name];
    if (source === undefined) throw new Error(`unknown provider "${name}" in stack ${options.plan.stack}`);
    stack.addOverride(`terraform.required_providers.${name}`, source);
    // The provider blocks themselves: mergeProviderBlocks (keeps the construct's aliased ones).
  }
}
