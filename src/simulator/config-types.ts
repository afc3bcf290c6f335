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

/** A Nova flavor (names need not be unique: Nova allows duplicates, lookups by name then fail). */
export interface InventoryFlavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  /** MB. */
  readonly ram: number;
  /** GB. */
  readonly disk: number;
  /** MB. Default 0. */
  readonly swap?: number;
  /** Default true. */
  readonly isPublic?: boolean;
}

/** A Glance image (names need not be unique). */
export interface InventoryImage {
  readonly id: string;
  readonly name: string;
  readonly minDiskGb?: number;
  readonly sizeBytes?: number;
  /** RFC 3339; `most_recent` picks the newest. Default 2025-01-01T00:00:00Z. */
  readonly createdAt?: string;
  /** Default `public`. */
  readonly visibility?: "public" | "private" | "shared" | "community";
  /** The image's `os_distro` property (Magnum takes a cluster template's cluster_distro from it). */
  readonly osDistro?: string;
}

/** A Manila share type and its `driver_handles_share_servers` extra spec. */
export interface InventoryShareType {
  readonly id: string;
  readonly name: string;
  readonly driverHandlesShareServers: boolean;
  /** The cloud's default share type (used when a share names none). At most one. */
  readonly default?: boolean;
}

/** A Magnum cluster template. */
export interface InventoryClusterTemplate {
  readonly id: string;
  readonly name: string;
  /** Default `kubernetes`. */
  readonly coe?: string;
}

/** A pre-existing Manila share network (what `openstack_sharedfilesystem_sharenetwork_v2` finds). */
export interface InventoryShareNetwork {
  readonly id: string;
  readonly name: string;
  readonly neutronNetId?: string;
  readonly neutronSubnetId?: string;
}

/**
 * What a URL serves when Glance's web download or the provider's `image_source_url` fetches it
 * (the simulator has no network): an image created from it gets this size. Unlisted URLs give 0.
 */
export interface InventoryDownload {
  readonly url: string;
  readonly sizeBytes: number;
}

/** A pre-existing Neutron network with one IPv4 subnet (and optionally an IPv6 one). */
export interface InventoryNetwork {
  readonly id: string;
  readonly name: string;
  readonly external: boolean;
  readonly subnetId: string;
  readonly cidr: string;
  /** A second, IPv6 subnet (devstack's public network has `ipv6-public-subnet`); named `<network>-ipv6-subnet` by default. */
  readonly ipv6Subnet?: { readonly id: string; readonly cidr: string; readonly name?: string };
}

/** A Designate zone that exists before any stack (a zone the operator delegated to the project). */
export interface InventoryDnsZone {
  readonly id: string;
  /** The zone name with its trailing dot, e.g. `apps.simulator.example.`. */
  readonly name: string;
  readonly email?: string;
  readonly ttl?: number;
}

/** What already exists in the simulated cloud (what data sources find). */
export interface SimulatorInventory {
  readonly flavors: readonly InventoryFlavor[];
  readonly images: readonly InventoryImage[];
  readonly networks: readonly InventoryNetwork[];
  readonly availabilityZones: readonly string[];
  readonly shareTypes: readonly InventoryShareType[];
  readonly clusterTemplates: readonly InventoryClusterTemplate[];
  /** Default: none. */
  readonly shareNetworks?: readonly InventoryShareNetwork[];
  /** Default: none. */
  readonly downloads?: readonly InventoryDownload[];
  /** Designate zones of the project (openstack_dns_zone_v2 lookups; record sets go in them). Default: `apps.simulator.example.`. */
  readonly dnsZones?: readonly InventoryDnsZone[];
}

/**
 * How the broker authenticates to the simulated cloud (Keystone's view of the token):
 * `password`, or an application credential created with `unrestricted: true` or without it
 * (Keystone's default, restricted).
 */
export type BrokerAuthType = "password" | "unrestricted_application_credential" | "restricted_application_credential";

/** The services' own rules (docs/simulator.md, "Service rules"). */
export interface ServiceRules {
  readonly identity: {
    /** Default `password`. */
    readonly authType: BrokerAuthType;
  };
  readonly trove: {
    /** GB; Trove's `max_accepted_volume_size` (default 10). */
    readonly maxAcceptedVolumeSize: number;
    /** Trove's `max_instances_per_tenant` (default 10; -1 unlimited). */
    readonly maxInstancesPerTenant: number;
    /** GB of all instance volumes; Trove's `max_volumes_per_tenant` (default 40; -1 unlimited). */
    readonly maxVolumesPerTenant: number;
  };
  readonly nova: {
    /** The compute API's maximum microversion (default `2.96`). */
    readonly maxMicroversion: string;
    /** Microversion of keypair requests; default: what provider 3.4.0 sends (2.1, or 2.10 with `user_id`). */
    readonly keypairMicroversion?: string;
  };
  readonly designate: {
    /** Whether the masters of SECONDARY zones answer the first zone transfer (default true). */
    readonly secondaryMastersAnswer: boolean;
  };
  readonly swift: {
    /** `allow_object_versioning` of the proxy (X-Versions-Enabled; default true). */
    readonly objectVersioning: boolean;
    /** `allow_versioned_writes` of the proxy (X-Versions-Location / X-History-Location; default true). */
    readonly versionedWrites: boolean;
  };
}

/** A partial {@link ServiceRules} (config file, settings). */
export type ServiceRulesInput = { readonly [K in keyof ServiceRules]?: Partial<ServiceRules[K]> };

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
  readonly services: ServiceRules;
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
  readonly services?: ServiceRulesInput;
};
