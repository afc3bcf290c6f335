import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { generatePluginCertificate } from "../simulator/tls-cert.js";
import { CloudConfigError, loadCloudConfig } from "./clouds-yaml.js";

let root: string;
let cwd: string;
let home: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "clouds-yaml-"));
  cwd = join(root, "cwd");
  home = join(root, "home");
  mkdirSync(cwd);
  mkdirSync(join(home, ".config", "openstack"), { recursive: true });
});

const demo = `clouds:
  demo:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      password: s3cret-pw
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: internal
  other:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example/v3
      application_credential_id: abc
      application_credential_secret: appcred-s3cret
    verify: false
    cacert: certs/ca.pem
`;

function load(options: { env?: Record<string, string>; cloud?: string } = {}) {
  return loadCloudConfig({ cwd, homeDir: home, env: options.env ?? {}, cloud: options.cloud });
}

function errorOf(fn: () => unknown): CloudConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CloudConfigError);
    return error as CloudConfigError;
  }
  throw new Error("expected a CloudConfigError");
}

describe("loadCloudConfig", () => {
  it("reads a password cloud from ./clouds.yaml, chosen by OS_CLOUD", () => {
    writeFileSync(join(cwd, "clouds.yaml"), demo);
    const cloud = load({ env: { OS_CLOUD: "demo" } });
    expect(cloud).toMatchObject({
      name: "demo",
      file: join(cwd, "clouds.yaml"),
      regionName: "RegionOne",
      interface: "internal",
      verify: true,
      auth: {
        type: "password",
        username: "demo",
        password: "s3cret-pw",
        projectName: "demo",
        userDomainName: "Default",
      },
    });
  });

  it("reads an application credential; verify and cacert (relative to the file)", () => {
    writeFileSync(join(home, ".config", "openstack", "clouds.yaml"), demo);
    mkdirSync(join(home, ".config", "openstack", "certs"));
    writeFileSync(join(home, ".config", "openstack", "certs", "ca.pem"), generatePluginCertificate().certPem);
    const cloud = load({ cloud: "other" });
    expect(cloud.file).toBe(join(home, ".config", "openstack", "clouds.yaml"));
    expect(cloud.auth).toEqual({
      type: "v3applicationcredential",
      authUrl: "https://keystone.example/v3",
      applicationCredentialId: "abc",
      applicationCredentialSecret: "appcred-s3cret",
    });
    expect(cloud.verify).toBe(false);
    expect(cloud.cacert).toBe(join(home, ".config", "openstack", "certs", "ca.pem"));
    expect(cloud.interface).toBe("public");
  });

  it("prefers OS_CLIENT_CONFIG_FILE over ./clouds.yaml over ~/.config/openstack", () => {
    const explicit = join(root, "explicit.yaml");
    writeFileSync(explicit, demo.replace("RegionOne", "RegionExplicit"));
    writeFileSync(join(cwd, "clouds.yaml"), demo.replace("RegionOne", "RegionCwd"));
    writeFileSync(join(home, ".config", "openstack", "clouds.yaml"), demo.replace("RegionOne", "RegionHome"));
    expect(load({ cloud: "demo", env: { OS_CLIENT_CONFIG_FILE: explicit } }).regionName).toBe("RegionExplicit");
    expect(load({ cloud: "demo" }).regionName).toBe("RegionCwd");
  });

  it("fails naming OS_CLIENT_CONFIG_FILE when it points nowhere", () => {
    const error = errorOf(() => load({ env: { OS_CLIENT_CONFIG_FILE: join(root, "missing.yaml") } }));
    expect(error.message).toContain("missing.yaml");
    expect(error.message).toContain("OS_CLIENT_CONFIG_FILE");
  });

  it("merges secure.yaml over clouds.yaml and reports both files to terraform", () => {
    writeFileSync(join(cwd, "clouds.yaml"), demo.replace("      password: s3cret-pw\n", ""));
    writeFileSync(
      join(home, ".config", "openstack", "secure.yaml"),
      "clouds:\n  demo:\n    auth:\n      password: from-secure\n",
    );
    const cloud = load({ cloud: "demo" });
    expect(cloud.auth).toMatchObject({ type: "password", username: "demo", password: "from-secure" });
    expect([cloud.file, cloud.secureFile]).toEqual([
      join(cwd, "clouds.yaml"),
      join(home, ".config", "openstack", "secure.yaml"),
    ]);
  });

  it("reads token auth and domain_name as the default domain", () => {
    writeFileSync(
      join(cwd, "clouds.yaml"),
      "clouds:\n  t:\n    auth_type: v3token\n    auth:\n      auth_url: http://k/v3\n      token: tok-secret\n      project_id: p1\n      domain_name: D\n",
    );
    expect(load().auth).toEqual({
      type: "token",
      authUrl: "http://k/v3",
      token: "tok-secret",
      projectId: "p1",
      projectDomainName: "D",
    });
  });

  it("names the file and the field of a missing password, without any secret", () => {
    writeFileSync(join(cwd, "clouds.yaml"), demo.replace("      password: s3cret-pw\n", ""));
    const error = errorOf(() => load({ cloud: "demo" }));
    expect(error.file).toBe(join(cwd, "clouds.yaml"));
    expect(error.field).toBe("clouds.demo.auth.password");
    expect(error.message).toContain(join(cwd, "clouds.yaml"));
    expect(error.message).not.toContain("appcred-s3cret");
  });

  it("rejects a bad field type, an unknown auth_type, an unknown cloud and several clouds without a choice", () => {
    writeFileSync(join(cwd, "clouds.yaml"), demo.replace("interface: internal", "interface: sideways"));
    expect(errorOf(() => load({ cloud: "demo" })).field).toBe("clouds.demo.interface");
    writeFileSync(
      join(cwd, "clouds.yaml"),
      demo.replace("auth_type: v3applicationcredential", "auth_type: v3oidcpassword"),
    );
    expect(errorOf(() => load({ cloud: "other" })).field).toBe("clouds.other.auth_type");
    expect(errorOf(() => load({ cloud: "nope" })).message).toContain("have: demo, other");
    expect(errorOf(() => load()).message).toContain("OS_CLOUD");
    writeFileSync(join(cwd, "clouds.yaml"), demo.replace("password: s3cret-pw", "password: [s3cret-pw]"));
    const typed = errorOf(() => load({ cloud: "demo" }));
    expect(typed.field).toBe("clouds.demo.auth.password");
    expect(typed.message).not.toContain("s3cret-pw");
  });

  it("reports YAML syntax errors by line without quoting the file", () => {
    writeFileSync(join(cwd, "clouds.yaml"), "clouds:\n  demo:\n    auth: {password: s3cret-pw\n");
    const error = errorOf(() => load({ cloud: "demo" }));
    expect(error.message).toMatch(/not valid YAML at line \d+/);
    expect(error.message).not.toContain("s3cret-pw");
  });

  it("says where it looked when there is no clouds.yaml", () => {
    expect(errorOf(() => load()).message).toContain("OS_CLIENT_CONFIG_FILE");
  });
});
