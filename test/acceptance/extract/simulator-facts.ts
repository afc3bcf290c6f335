/**
 * The OS_* environment of the provider's acceptance tests (openstack/provider_test.go reads them
 * with os.Getenv), filled with what the simulator's default cloud has: images, flavors, networks and
 * region from src/simulator/inventory.ts and config.ts. A variable not listed here is unset, as in an
 * environment that does not define it (the config then gets "", exactly as upstream would).
 */
import { DEFAULT_CONFIG } from "../../../src/simulator/config.js";
import type { SimulatorConfigInput } from "../../../src/simulator/config-types.js";
import { DEFAULT_INVENTORY } from "../../../src/simulator/inventory.js";

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
 * The simulated cloud the corpus runs on: the default inventory plus the two flavors the upstream
 * acceptance environment provides and the flavor data-source tests name. Their sizes are the ones
 * those tests check (openstack/data_source_openstack_compute_flavor_v2_test.go: m1.acctest has
 * 512 MB, 10 GB, 1 vCPU; m1.resize 512 MB, 11 GB, 1 vCPU).
 */
export function acceptanceSimulatorConfig(): SimulatorConfigInput {
  return {
    inventory: {
      flavors: [
        ...DEFAULT_INVENTORY.flavors,
        { id: "acctest", name: "m1.acctest", vcpus: 1, ram: 512, disk: 10 },
        { id: "resize", name: "m1.resize", vcpus: 1, ram: 512, disk: 11 },
      ],
    },
  };
}
