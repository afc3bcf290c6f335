import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, loadSimulatorConfig } from "./config.js";
import { brokerAuthType, createProviderSession } from "./provider-session.js";

const withAuth = (
  authType: "password" | "restricted_application_credential" | "unrestricted_application_credential",
) => ({ ...DEFAULT_CONFIG, services: { ...DEFAULT_CONFIG.services, identity: { authType } } });

describe("the broker's auth type", () => {
  it("is the cloud's setting (default password) until ConfigureProvider says how terraform logs in", () => {
    expect(brokerAuthType(DEFAULT_CONFIG)).toBe("password");
    expect(brokerAuthType(withAuth("unrestricted_application_credential"), createProviderSession())).toBe(
      "unrestricted_application_credential",
    );
  });

  it("follows the resolved method: a password is never an application credential; an application credential is restricted unless configured unrestricted", () => {
    expect(brokerAuthType(withAuth("restricted_application_credential"), { authMethod: "password" })).toBe("password");
    // Keystone's default for a new application credential is unrestricted: false.
    expect(brokerAuthType(DEFAULT_CONFIG, { authMethod: "application_credential" })).toBe(
      "restricted_application_credential",
    );
    expect(
      brokerAuthType(withAuth("unrestricted_application_credential"), { authMethod: "application_credential" }),
    ).toBe("unrestricted_application_credential");
  });

  it("is read from OPENSTACK_SIM_AUTH_TYPE, and a wrong value names the variable", () => {
    expect(
      loadSimulatorConfig({ env: { OPENSTACK_SIM_AUTH_TYPE: "restricted_application_credential" } }).services.identity
        .authType,
    ).toBe("restricted_application_credential");
    expect(() => loadSimulatorConfig({ env: { OPENSTACK_SIM_AUTH_TYPE: "token" } })).toThrow("OPENSTACK_SIM_AUTH_TYPE");
  });
});
