import { TerraformResource } from "cdktf";
import type { Construct } from "constructs";

/**
 * A resource of any provider type, its attributes given as a plain object (values are variable
 * tokens or literals the construct chose; nothing from a request is literal).
 */
export class GenericResource extends TerraformResource {
  private readonly attributes: Readonly<Record<string, unknown>>;

  /** `type` is the terraform type (`openstack_networking_secgroup_v2`); `attributes` its top-level arguments. */
  constructor(scope: Construct, id: string, type: string, attributes: Readonly<Record<string, unknown>>) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: "openstack", providerVersion: "3.4.0" },
    });
    this.attributes = attributes;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { ...this.attributes };
  }
}
