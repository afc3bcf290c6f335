# The providers baked into the image's filesystem mirror (Dockerfile, `terraform providers mirror`).
# The same source and version the broker's synthesized stacks require (src/synth/synthesize.ts).
terraform {
  required_providers {
    openstack = {
      source  = "terraform-provider-openstack/openstack"
      version = "3.4.0"
    }
  }
}
