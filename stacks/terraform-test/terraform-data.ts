import { TerraformResource, type TerraformResourceConfig } from "cdktf";
import type { Construct } from "constructs";

/** Props of `terraform_data`, terraform's built-in resource (no provider download needed). */
export interface TerraformDataProps extends Omit<TerraformResourceConfig, "terraformResourceType"> {
  /** Stored and echoed as `output`. */
  readonly input?: unknown;
  /** A change replaces the resource. */
  readonly triggersReplace?: unknown;
}

/** Terraform's built-in `terraform_data` resource as a cdktf construct. */
export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: TerraformDataProps = {},
  ) {
    super(scope, id, { ...props, terraformResourceType: "terraform_data" });
  }

  /** The stored `input`, once applied. */
  get output(): string {
    return this.getStringAttribute("output");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.props.input, triggers_replace: this.props.triggersReplace };
  }
}
