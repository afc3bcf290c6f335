import type { BrokerAuthType, SimulatorConfig } from "./config-types.js";

/** The project and user a token belongs to, and its roles (names) on that project (keystone-scope.ts). */
export interface TokenScope {
  readonly projectId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

/**
 * What one provider instance learned from terraform's ConfigureProvider. MUST be per provider
 * instance: terraform configures each one it starts (an aliased provider block is a second instance;
 * in reattach mode both talk to one server, over their own connections: provider-service.ts).
 */
export interface ProviderSession {
  /**
   * How the provider block (or the clouds.yaml entry it named) authenticates, as ConfigureProvider
   * resolved it: `password`, or `application_credential` (an `application_credential_id`/`_name`
   * with its secret). Unset: the cloud's configured `services.identity.authType` applies.
   */
  authMethod?: "password" | "application_credential";
  /**
   * The project, user and roles of the token when the block logs in as a user the cloud holds
   * (keystone-scope.ts); unset: the broker's own project and user.
   */
  scope?: TokenScope;
  /** The region ConfigureProvider resolved (provider-auth.ts), for data sources; unset: none. */
  region?: string;
}

/** A fresh session (nothing configured yet). */
export function createProviderSession(): ProviderSession {
  return {};
}

/**
 * Keystone's view of the broker's token. The configured auth type wins unless ConfigureProvider
 * resolved a method that contradicts it: a password login is never an application credential, and an
 * application credential is restricted unless the cloud's config says it was created unrestricted
 * (Keystone's default: `unrestricted: false`).
 */
export function brokerAuthType(config: SimulatorConfig, session?: ProviderSession): BrokerAuthType {
  const configured = config.services.identity.authType;
  if (session?.authMethod === "password") return "password";
  if (session?.authMethod === "application_credential") {
    return configured === "password" ? "restricted_application_credential" : configured;
  }
  return configured;
}
