import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProviderRules } from "../../provider-rules/types.js";
import { REQUIRED_PROVIDERS, simulatorTest } from "../../../test/helpers/simulator-harness.js";
import { API_DEFAULTS } from "./read-back.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const rules = JSON.parse(
  readFileSync(join(root, "schema/openstack-provider-rules-3.4.0.json"), "utf8"),
) as ProviderRules;
const reference = resolve(
  root,
  process.env.PROVIDER_SOURCE_DIR ?? "../shared/reference/terraform-provider-openstack-3.4.0",
);
const entries = Object.entries(API_DEFAULTS).flatMap(([type, values]) =>
  Object.entries(values).map(([name, value]) => ({ type, name, value })),
);
const GO_TYPES = { string: "string", int: "number", float: "number", bool: "boolean" } as Record<string, string>;

describe("the API defaults table", () => {
  it.each(entries)(
    "$type.$name is an Optional primitive of the provider's schema, of the value's type",
    ({ type, name, value }) => {
      const attribute = rules.resources[type]?.attributes[name];
      expect(attribute?.optional).toBe(true);
      expect(attribute?.default).toBeUndefined();
      expect(GO_TYPES[attribute!.type]).toBe(typeof value);
    },
  );

  const present = existsSync(join(reference, "openstack"));
  it.runIf(present)(
    present
      ? "names only attributes the type's Go file sets from the API (d.Set)"
      : `SKIPPED: the provider reference source ${reference} is absent (set PROVIDER_SOURCE_DIR; d.Set not checked)`,
    () => {
      const unset = entries.filter(
        ({ type, name }) =>
          !readFileSync(join(reference, rules.resources[type].file), "utf8").includes(`d.Set("${name}"`),
      );
      expect(unset).toEqual([]);
    },
  );
});

// The state terraform keeps after create and after an update that removes an argument, as the
// provider's Read stores it (resource_openstack_networking_network_v2.go: d.Set("description", network.Description)).
simulatorTest(
  'a description left out or removed is stored as Neutron\'s "", and the next plan is empty',
  async ({ simulator }) => {
    const network = (description?: string) => ({
      resource: { openstack_networking_network_v2: { n: { name: "n", ...(description ? { description } : {}) } } },
    });
    const dir = await simulator.workdir(network("first"));
    expect((await simulator.terraform(dir, "apply", "-auto-approve")).exitCode).toBe(0);
    await writeFile(
      join(dir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: REQUIRED_PROVIDERS }, ...network() }),
    );
    expect((await simulator.terraform(dir, "apply", "-auto-approve")).exitCode).toBe(0);
    const [stored] = await simulator.cloud.list("openstack_networking_network_v2");
    expect(stored.state.description).toBe("");
    expect((await simulator.terraform(dir, "plan", "-detailed-exitcode")).exitCode).toBe(0);
  },
);

// resource_openstack_networking_secgroup_v2.go Read: d.Set("stateful", sg.Stateful), Neutron's default
// true when Create sent none; resource_openstack_networking_secgroup_rule_v2.go and
// resource_openstack_networking_floatingip_v2.go Read: d.Set("description", ...) of Neutron's "".
simulatorTest(
  'a security group without stateful reads back true; a rule and a floating IP without description read back ""',
  async ({ simulator }) => {
    const dir = await simulator.workdir({
      resource: {
        openstack_networking_secgroup_v2: { sg: { name: "sg" } },
        openstack_networking_secgroup_rule_v2: {
          r: {
            direction: "ingress",
            ethertype: "IPv4",
            security_group_id: "${openstack_networking_secgroup_v2.sg.id}",
          },
        },
        openstack_networking_floatingip_v2: { f: { pool: "public" } },
      },
    });
    expect((await simulator.terraform(dir, "apply", "-auto-approve")).exitCode).toBe(0);
    const [group] = await simulator.cloud.list("openstack_networking_secgroup_v2");
    expect(group.state.stateful).toBe(true);
    const [rule] = await simulator.cloud.list("openstack_networking_secgroup_rule_v2");
    expect(rule.state).toMatchObject({ description: "", protocol: "", port_range_min: 0, port_range_max: 0 });
    const [ip] = await simulator.cloud.list("openstack_networking_floatingip_v2");
    expect(ip.state.description).toBe("");
    expect((await simulator.terraform(dir, "plan", "-detailed-exitcode")).exitCode).toBe(0);
  },
);
