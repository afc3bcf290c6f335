import { TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import type { JsonSchema } from "../domain/service-catalog.js";

/** Terraform identifiers: letters, digits, underscores; not starting with a digit. */
export function variableName(prefix: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
  return `${prefix}_${safe}`;
}

/** The terraform type of a parameter from its JSON Schema property. */
export function terraformType(property: JsonSchema | undefined): string {
  switch (property?.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "any";
  }
}

export interface VariableSpec {
  readonly type: string;
  readonly sensitive: boolean;
  readonly value: unknown;
}

/**
 * Declares terraform variables on first use and remembers the value each must receive.
 * Every variable is nullable with a null default, so an absent optional parameter is null.
 */
export class VariableCollector {
  readonly specs = new Map<string, VariableSpec>();
  private readonly tokens = new Map<string, string>();

  constructor(private readonly stack: Construct) {}

  /** Returns the variable's token (string form), declaring it on first use. */
  use(name: string, spec: VariableSpec): string {
    const existing = this.tokens.get(name);
    if (existing !== undefined) return existing;
    const variable = new TerraformVariable(this.stack, name, {
      type: spec.type,
      nullable: true,
      sensitive: spec.sensitive || undefined,
    });
    variable.addOverride("default", null);
    const token = spec.type === "string" ? variable.stringValue : (variable.value as string);
    this.tokens.set(name, token);
    this.specs.set(name, spec);
    return token;
  }

  /** The values for terraform.tfvars.json: only declared variables, nulls left out. */
  values(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of this.specs) if (spec.value !== undefined && spec.value !== null) out[name] = spec.value;
    return out;
  }

  /** Names of the sensitive variables. */
  sensitive(): string[] {
    return [...this.specs].filter(([, spec]) => spec.sensitive).map(([name]) => name);
  }
}
