/**
 * The OS_* environment of the provider's acceptance tests (openstack/provider_test.go reads them
 * with os.Getenv), filled with what the simulator's default cloud has: images, flavors, networks and
 * region from src/simulator/inventory.ts and config.ts. A variable not listed here is unset, as in an
 * environment that does not define it (the config then gets "", exactly as upstream would).
 */
import { resolveAssets } from "../../../src/simulator/assets.js";
import { DEFAULT_CONFIG } from "../../../src/simulator/config.js";
import type { SimulatorConfigInput } from "../../../src/simulator/config-types.js";
import { deterministicUuid } from "../../../src/simulator/ids.js";
import { DEFAULT_INVENTORY } from "../../../src/simulator/inventory.js";
import { loadEnvRequiredArguments } from "../../../src/simulator/rules/env-required.js";

function byName<T extends { readonly name: string }>(items: readonly T[], name: string): T {
  const item = items.find((i) => i.name === name);
  // MUST fail generation rather than write a config naming something the simulator does not have.
  if (!item) throw new Error(`the simulator inventory has no ${name}`);
  return item;
}

/** OS_* variable → value, for the simulator's default inventory. */
export function simulatorFacts(): Record<string, string> {
  const inventory = DEFAULT_INVENTORY;
  const cirros = inventory.images.find((i) => i.name.startsWith("cirros")) ?? inventory.images[0];
  const ubuntu = inventory.images.find((i) => i.name.startsWith("ubuntu")) ?? inventory.images[0];
  const tiny = byName(inventory.flavors, "m1.tiny");
  const small = byName(inventory.flavors, "m1.small");
  const publicNet = inventory.networks.find((n) => n.external) ?? inventory.networks[0];
  const privateNet = inventory.networks.find((n) => !n.external) ?? inventory.networks[0];
  return {
    OS_IMAGE_ID: cirros.id,
    OS_IMAGE_NAME: cirros.name,
    OS_FLAVOR_ID: tiny.id,
    OS_FLAVOR_NAME: tiny.name,
    OS_NETWORK_ID: privateNet.id,
    OS_EXTGW_ID: publicNet.id,
    OS_POOL_NAME: publicNet.name,
    OS_REGION_NAME: DEFAULT_CONFIG.region,
    // The identity the simulator authenticates as (src/simulator/data-sources.ts, identity_auth_scope_v3).
    OS_USERNAME: "broker",
    OS_PROJECT_NAME: "demo",
    // Trove: the simulator has no datastore catalogue; the catalog's MySQL plans use these.
    OS_DB_DATASTORE_TYPE: "mysql",
    OS_DB_DATASTORE_VERSION: "8.4",
    // Magnum: a cluster template's image and flavors.
    OS_MAGNUM_IMAGE: ubuntu.name,
    OS_MAGNUM_FLAVOR: small.name,
  };
}

/**
 * The provider process's environment in upstream's acceptance runs: the facts that are the
 * EnvDefaultFunc of a Required argument (OS_POOL_NAME for openstack_networking_floatingip_v2.pool,
 * OS_MAGNUM_IMAGE), set as upstream's CI exports them, so configs that leave these arguments out
 * (testAccNetworkingV2FloatingIPBasic) get them from the environment (rules/env-required.ts).
 */
export function acceptanceProviderEnv(): Record<string, string> {
  const facts = simulatorFacts();
  const names = loadEnvRequiredArguments(resolveAssets({})).flatMap((a) => a.envDefault.variables);
  return Object.fromEntries(names.filter((name) => facts[name]).map((name) => [name, facts[name]]));
}

/**
 * The simulated cloud the corpus runs on: the default inventory plus what the upstream acceptance
 * environment (devstack, in the provider's .github/workflows/functional-*.yml) has and the tests name:
 * - the two flavors the flavor data-source tests name, with the sizes those tests check
 *   (openstack/data_source_openstack_compute_flavor_v2_test.go: m1.acctest has 512 MB, 10 GB,
 *   1 vCPU; m1.resize 512 MB, 11 GB, 1 vCPU);
 * - Manila's `dhss_false` share type (driver_handles_share_servers=False), which the share tests
 *   name: functional-sharedfilesystem.yml sets MANILA_CONFIGURE_DEFAULT_TYPES=True, and the manila
 *   devstack plugin's `create_custom_share_types` then creates `dhss_true` and `dhss_false`
 *   (`dhss_true` and `default` are in the default inventory);
 * - an IPv6 subnet on the public network (devstack's `ipv6-public-subnet`, IPV6_PUBLIC_RANGE
 *   2001:db8::/64, with the default IP_VERSION=4+6): a router gateway gets an address of each
 *   version, two external_fixed_ip (resource_openstack_networking_router_v2_test.go extQoSPolicy);
 * - what the image tests' `image_source_url` serves (the simulator downloads nothing): CirrOS
 *   0.3.5's qcow2, 13267968 bytes (download.cirros-cloud.net), whose size the `size_min` /
 *   `size_max` queries of data_source_openstack_images_image_v2_test.go bracket.
 */
export function acceptanceSimulatorConfig(): SimulatorConfigInput {
  return {
    inventory: {
      flavors: [
        ...DEFAULT_INVENTORY.flavors,
        { id: "acctest", name: "m1.acctest", vcpus: 1, ram: 512, disk: 10 },
        { id: "resize", name: "m1.resize", vcpus: 1, ram: 512, disk: 11 },
      ],
      shareTypes: [
        ...DEFAULT_INVENTORY.shareTypes,
        { id: deterministicUuid("share-type:dhss_false"), name: "dhss_false", driverHandlesShareServers: false },
      ],
      // devstack (IP_VERSION=4+6, the default) gives the public network an IPv6 subnet too.
      networks: DEFAULT_INVENTORY.networks.map((n) =>
        n.external
          ? {
              ...n,
              ipv6Subnet: {
                id: deterministicUuid("subnet:ipv6-public"),
                cidr: "2001:db8::/64",
                name: "ipv6-public-subnet",
              },
            }
          : n,
      ),
      downloads: [{ url: "http://download.cirros-cloud.net/0.3.5/cirros-0.3.5-x86_64-disk.img", sizeBytes: 13267968 }],
    },
  };
}
