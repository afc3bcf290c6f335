import type { BrokerAuthType, SimulatorConfig } from "../config-types.js";
import type { CloudStore } from "../cloud-store.js";
import { isUnknown, type TfObject, type TfValue } from "../msgpack-values.js";
import type { QuotaUsage } from "../quotas.js";
import type { TokenScope } from "../provider-session.js";

/** What a behaviour may use while filling computed values. */
export interface ApplyContext {
  readonly type: string;
  readonly config: SimulatorConfig;
  readonly store: CloudStore;
  /** The id the resource was created with. */
  readonly id: string;
  /** Current time, ISO 8601 without milliseconds (OpenStack style). */
  readonly now: string;
  /** A fresh UUID. */
  uuid(): string;
  /** The next free IPv4 address of a CIDR (shared counter across processes). */
  allocateIp(cidr: string): Promise<string>;
  /** The CIDR of a subnet id or of a network id's first subnet (store first, then inventory). */
  cidrOf(id: string): Promise<string | undefined>;
  /** Throws Nova's NetworkRequiresSubnet error when `id` is a created network with no subnet yet. */
  requireSubnet(networkId: string): Promise<void>;
  /** The state before this update (undefined on create). */
  readonly prior?: TfObject;
  /** The token's project and user when the provider logged in as a user the cloud holds; unset: the broker's. */
  readonly scope?: TokenScope;
}

/** What a service-side check (see {@link ResourceBehaviour.check}) may use. */
export interface CheckContext {
  readonly type: string;
  readonly operation: "create" | "update" | "delete" | "read";
  readonly config: SimulatorConfig;
  readonly store: CloudStore;
  /** How the broker is authenticated (config `services.identity.authType`, or what ConfigureProvider resolved). */
  readonly authType: BrokerAuthType;
  /** The state terraform holds (update, delete, read); undefined on create. */
  readonly prior?: TfObject;
  /** The token's project and user when the provider logged in as a user the cloud holds; unset: the broker's. */
  readonly scope?: TokenScope;
}

/** Resource-type specific behaviour of the simulated cloud. */
export interface ResourceBehaviour {
  /** Blocks the real provider computes when the configuration leaves them out (SDKv2 Optional+Computed). */
  readonly computedBlocks?: readonly string[];
  /** The id a new resource gets (default: a random UUID). */
  id?(state: TfObject): string | undefined;
  /** Quota a resource consumes. */
  quota?(state: TfObject, config: SimulatorConfig): Partial<QuotaUsage>;
  /** Fills computed values (only those still unknown) after create or update. */
  fill?(state: TfObject, context: ApplyContext): Promise<void> | void;
  /**
   * The service's own rules for this call: throws the SimulatedApiError the real provider would
   * report (create and update: `state` is the planned object; delete and read: the prior state).
   * MUST NOT change anything: it runs before the cloud does.
   */
  check?(state: TfObject, context: CheckContext): Promise<void> | void;
  /**
   * What the provider's Delete removes beyond the resource itself (a Swift container's objects under
   * `force_destroy`), given the deleted state; runs inside the cloud's lock, after the delete.
   */
  afterDelete?(prior: TfObject, store: CloudStore): Promise<void>;
}

/** Sets `object[key]` when it is unknown (or absent). */
export function setIfUnknown(object: TfObject, key: string, value: TfValue): void {
  if (object[key] === undefined || isUnknown(object[key])) object[key] = value;
}

/** A known string attribute, or undefined. */
export function str(object: TfObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A known number attribute, or undefined. */
export function num(object: TfObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === "number" ? value : undefined;
}
