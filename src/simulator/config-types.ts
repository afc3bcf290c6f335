/** Quota limits of the simulated project (Nova: instances, cores, ram in MB; Cinder: volumes, gigabytes). -1 = unlimited. */
export interface SimulatorQuotas {
  readonly instances: number;
  readonly cores: number;
  readonly ram: number;
  readonly volumes: number;
  readonly gigabytes: number;
}

/** Makes a resource type's create or delete fail. */
export interface FailureRule {
  /** Resource type, e.g. `openstack_compute_instance_v2`, or `*` for every type. */
  readonly resourceType: string;
  readonly operation: "create" | "update" | "delete";
  /** The API error text; a service-style default names the type and operation. */
  readonly message?: string;
  /** Fail only this many times, then succeed (default: always). */
  readonly times?: number;
}

/** A Nova flavor. */
export interface InventoryFlavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  /** MB. */
  readonly ram: number;
  /** GB. */
  readonly disk: number;
}

/** A Glance image. */
export interface InventoryImage {
  readonly id: string;
  readonly name: string;
  readonly minDiskGb?: number;
  readonly sizeBytes?: number;
}

/** A pre-existing Neutron network with one subnet. */
export interface InventoryNetwork {
  readonly id: string;
  readonly name: string;
  readonly external: boolean;
  readonly subnetId: string;
  readonly cidr: string;
}

/** What already exists in the simulated cloud (what data sources find). */
export interface SimulatorInventory {
  readonly flavors: readonly InventoryFlavor[];
  readonly images: readonly InventoryImage[];
  readonly networks: readonly InventoryNetwork[];
  readonly availabilityZones: readonly string[];
}

/** The simulator's configuration (file, env vars and runtime settings merged). */
export interface SimulatorConfig {
  /** Region reported in `region` attributes. Default `RegionOne`. */
  readonly region: string;
  /** Latency of each create/update/delete in ms: `default` plus per resource type. Default 0. */
  readonly latencyMs: { readonly default: number; readonly byType: Readonly<Record<string, number>> };
  readonly failures: readonly FailureRule[];
  readonly quotas: SimulatorQuotas;
  readonly inventory: SimulatorInventory;
  /** Pool that floating IPs come from. Default `172.24.4.0/24`. */
  readonly floatingIpCidr: string;
  /** Pool for fixed IPs when a port/instance names no known subnet. Default `10.0.0.0/24`. */
  readonly defaultFixedCidr: string;
}

/** A partial configuration, as written in a config file or a runtime settings file. */
export type SimulatorConfigInput = {
  readonly region?: string;
  readonly latencyMs?: number | { readonly default?: number; readonly byType?: Readonly<Record<string, number>> };
  readonly failures?: readonly FailureRule[];
  readonly quotas?: Partial<SimulatorQuotas>;
  readonly inventory?: Partial<SimulatorInventory>;
  readonly floatingIpCidr?: string;
  readonly defaultFixedCidr?: string;
};
