import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import type {
  BrokerAuthType,
  FailureRule,
  ServiceRules,
  ServiceRulesInput,
  SimulatorConfig,
  SimulatorConfigInput,
  SimulatorQuotas,
} from "./config-types.js";
import { DEFAULT_INVENTORY } from "./inventory.js";

/** Environment variables the simulator reads (documented in docs/simulator.md). */
export const SIM_ENV = {
  config: "OPENSTACK_SIM_CONFIG",
  stateDir: "OPENSTACK_SIM_STATE_DIR",
  region: "OPENSTACK_SIM_REGION",
  latency: "OPENSTACK_SIM_LATENCY_MS",
  fail: "OPENSTACK_SIM_FAIL",
  quotaPrefix: "OPENSTACK_SIM_QUOTA_",
  authType: "OPENSTACK_SIM_AUTH_TYPE",
  troveMaxVolumeSize: "OPENSTACK_SIM_TROVE_MAX_VOLUME_SIZE",
  unmanaged: "OPENSTACK_SIM_UNMANAGED",
} as const;

/** The services' rules as a typical real cloud has them (docs/simulator.md, "Service rules"). */
export const DEFAULT_SERVICE_RULES: ServiceRules = {
  identity: { authType: "password" },
  trove: { maxAcceptedVolumeSize: 10, maxInstancesPerTenant: 10, maxVolumesPerTenant: 40 },
  nova: { maxMicroversion: "2.96" },
  designate: { secondaryMastersAnswer: true },
  swift: { objectVersioning: true, versionedWrites: true },
};

const AUTH_TYPES: readonly BrokerAuthType[] = [
  "password",
  "unrestricted_application_credential",
  "restricted_application_credential",
];

function mergeServices(base: ServiceRules, input: ServiceRulesInput | undefined): ServiceRules {
  if (!input) return base;
  const merged = {
    identity: { ...base.identity, ...(input.identity ?? {}) },
    trove: { ...base.trove, ...(input.trove ?? {}) },
    nova: { ...base.nova, ...(input.nova ?? {}) },
    designate: { ...base.designate, ...(input.designate ?? {}) },
    swift: { ...base.swift, ...(input.swift ?? {}) },
  };
  if (!AUTH_TYPES.includes(merged.identity.authType)) {
    throw new Error(
      `services.identity.authType: "${merged.identity.authType}" must be one of ${AUTH_TYPES.join(", ")}`,
    );
  }
  return merged;
}

/** Defaults: a generous devstack-like project. */
export const DEFAULT_CONFIG: SimulatorConfig = {
  region: "RegionOne",
  latencyMs: { default: 0, byType: {} },
  failures: [],
  quotas: { instances: 10, cores: 20, ram: 51200, volumes: 10, gigabytes: 1000 },
  inventory: DEFAULT_INVENTORY,
  floatingIpCidr: "172.24.4.0/24",
  defaultFixedCidr: "10.0.0.0/24",
  services: DEFAULT_SERVICE_RULES,
};

/** Overlays a partial configuration on a full one (failures from the overlay replace the base's). */
export function mergeConfig(base: SimulatorConfig, input: SimulatorConfigInput | undefined): SimulatorConfig {
  if (!input) return base;
  const latency = typeof input.latencyMs === "number" ? { default: input.latencyMs } : (input.latencyMs ?? {});
  return {
    region: input.region ?? base.region,
    latencyMs: {
      default: latency.default ?? base.latencyMs.default,
      byType: { ...base.latencyMs.byType, ...(latency.byType ?? {}) },
    },
    failures: input.failures ?? base.failures,
    quotas: { ...base.quotas, ...(input.quotas ?? {}) },
    inventory: { ...base.inventory, ...(input.inventory ?? {}) },
    floatingIpCidr: input.floatingIpCidr ?? base.floatingIpCidr,
    defaultFixedCidr: input.defaultFixedCidr ?? base.defaultFixedCidr,
    services: mergeServices(base.services, input.services),
  };
}

/** Reads a JSON or YAML configuration file; the error names the file. */
export function readConfigFile(file: string): SimulatorConfigInput {
  try {
    const text = readFileSync(file, "utf8");
    const parsed = file.endsWith(".json") ? JSON.parse(text) : load(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the top level must be a mapping");
    return parsed as SimulatorConfigInput;
  } catch (error) {
    throw new Error(`simulator config ${file}: ${(error as Error).message}`);
  }
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name}: "${text}" is not a number`);
  return value;
}

/** Parses the OPENSTACK_SIM_* variables into a partial configuration. */
export function configFromEnv(env: NodeJS.ProcessEnv): SimulatorConfigInput {
  const latencyText = env[SIM_ENV.latency];
  let latencyMs: SimulatorConfigInput["latencyMs"];
  if (latencyText) {
    const byType: Record<string, number> = {};
    let fallback: number | undefined;
    for (const part of latencyText
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [key, value] = part.includes("=") ? part.split("=", 2) : ["*", part];
      if (key === "*") fallback = number(SIM_ENV.latency, value);
      else byType[key] = number(SIM_ENV.latency, value);
    }
    latencyMs = { default: fallback, byType };
  }
  const failures: FailureRule[] | undefined = env[SIM_ENV.fail]
    ?.split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const [resourceType, operation = "create"] = part.split(":");
      if (operation !== "create" && operation !== "update" && operation !== "delete") {
        throw new Error(`${SIM_ENV.fail}: "${part}" must be <resource type>:create|update|delete`);
      }
      return { resourceType, operation };
    });
  const quotas: Partial<Record<keyof SimulatorQuotas, number>> = {};
  for (const key of ["instances", "cores", "ram", "volumes", "gigabytes"] as const) {
    const name = `${SIM_ENV.quotaPrefix}${key.toUpperCase()}`;
    if (env[name]) quotas[key] = number(name, env[name]!);
  }
  const services: { identity?: { authType: BrokerAuthType }; trove?: { maxAcceptedVolumeSize: number } } = {};
  const authType = env[SIM_ENV.authType];
  if (authType) {
    if (!AUTH_TYPES.includes(authType as BrokerAuthType))
      throw new Error(`${SIM_ENV.authType}: "${authType}" must be one of ${AUTH_TYPES.join(", ")}`);
    services.identity = { authType: authType as BrokerAuthType };
  }
  const maxVolume = env[SIM_ENV.troveMaxVolumeSize];
  if (maxVolume) services.trove = { maxAcceptedVolumeSize: number(SIM_ENV.troveMaxVolumeSize, maxVolume) };
  return { region: env[SIM_ENV.region] || undefined, latencyMs, failures, quotas, services };
}

/** Defaults, then the config file (option or OPENSTACK_SIM_CONFIG), then the environment. */
export function loadSimulatorConfig(options: { configFile?: string; env?: NodeJS.ProcessEnv } = {}): SimulatorConfig {
  const env = options.env ?? process.env;
  const file = options.configFile ?? env[SIM_ENV.config];
  const fromFile = file ? mergeConfig(DEFAULT_CONFIG, readConfigFile(file)) : DEFAULT_CONFIG;
  return mergeConfig(fromFile, configFromEnv(env));
}
