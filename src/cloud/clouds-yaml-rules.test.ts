import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { generatePluginCertificate } from "../simulator/tls-cert.js";
import { CloudConfigError, loadCloudConfig } from "./clouds-yaml.js";

/**
 * The loader's rules where openstacksdk and terraform's provider (gophercloud's clientconfig) read an
 * entry differently: the broker resolves it once, openstacksdk's way, and refuses at start-up, naming
 * the file and the field, what it cannot hand terraform unchanged.
 */
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "clouds-rules-"));
  file = join(dir, "clouds.yaml");
});

const AUTH = {
  auth_url: "https://keystone.example/v3",
  username: "broker",
  password: "pw-s3cret",
  project_name: "p",
  user_domain_name: "Default",
  project_domain_name: "Default",
};

function load(entry: Record<string, unknown>) {
  writeFileSync(file, JSON.stringify({ clouds: { c: entry } }));
  return loadCloudConfig({ cloud: "c", env: { OS_CLIENT_CONFIG_FILE: file }, cwd: dir, homeDir: join(dir, "home") });
}

function refusal(entry: Record<string, unknown>): { field?: string; message: string } {
  try {
    load(entry);
  } catch (error) {
    expect(error).toBeInstanceOf(CloudConfigError);
    expect((error as Error).message).not.toContain("pw-s3cret");
    return { field: (error as CloudConfigError).field, message: (error as Error).message };
  }
  throw new Error("expected a refusal");
}

describe("regions (openstacksdk loader.py _get_known_regions / _get_region)", () => {
  it("takes the first of `regions`, its `values` laid over the entry (auth key by key)", () => {
    const cloud = load({
      auth: AUTH,
      regions: [{ name: "RegionTwo", values: { interface: "internal", auth: { project_name: "p2" } } }, "RegionThree"],
    });
    expect(cloud.regionName).toBe("RegionTwo");
    expect(cloud.interface).toBe("internal");
    expect(cloud.auth).toMatchObject({ projectName: "p2", username: "broker", password: "pw-s3cret" });
  });

  it("takes the first name of a comma-separated region_name (gophercloud would keep the whole string)", () => {
    expect(load({ auth: AUTH, region_name: "RegionOne, RegionTwo" }).regionName).toBe("RegionOne");
    expect(load({ auth: AUTH }).regionName).toBeUndefined();
  });

  it("refuses region_name next to a regions list that starts elsewhere, and malformed region entries", () => {
    expect(refusal({ auth: AUTH, regions: ["A", "B"], region_name: "B" }).field).toBe("clouds.c.region_name");
    expect(load({ auth: AUTH, regions: ["A", "B"], region_name: "A" }).regionName).toBe("A");
    expect(refusal({ auth: AUTH, regions: [{ values: {} }] }).field).toBe("clouds.c.regions[0].name");
    expect(refusal({ auth: AUTH, regions: ["A", { name: "B", value: {} }] }).field).toBe("clouds.c.regions[1].value");
    expect(refusal({ auth: AUTH, regions: [] }).field).toBe("clouds.c.regions");
    expect(refusal({ auth: AUTH, region_name: "A,,B" }).field).toBe("clouds.c.region_name");
  });
});

describe("scope and domains", () => {
  it("refuses an entry without a project (domain-scoped or unscoped tokens cannot create resources)", () => {
    const { project_name: _p, project_domain_name: _d, ...domainScoped } = AUTH;
    const refused = refusal({ auth: { ...domainScoped, domain_name: "Default" } });
    expect(refused.field).toBe("clouds.c.auth.project_name");
    expect(refused.message).toContain(`${file}: clouds.c.auth.project_name: missing (or project_id)`);
    expect(refusal({ auth_type: "v3token", auth: { auth_url: AUTH.auth_url, token: "t" } }).field).toBe(
      "clouds.c.auth.project_name",
    );
  });

  it("takes tenant_name as project_name (gophercloud does not know tenant_name) and domain_* as the default domains", () => {
    const { project_name: _p, user_domain_name: _u, project_domain_name: _d, ...rest } = AUTH;
    expect(load({ auth: { ...rest, tenant_name: "legacy", domain_id: "default" } }).auth).toMatchObject({
      projectName: "legacy",
      userDomainId: "default",
      projectDomainId: "default",
    });
  });

  it("refuses a user or a project given by name without its domain", () => {
    const { user_domain_name: _u, ...noUserDomain } = AUTH;
    expect(refusal({ auth: noUserDomain }).field).toBe("clouds.c.auth.user_domain_name");
    expect(load({ auth: { ...noUserDomain, username: undefined, user_id: "u1" } }).auth).toMatchObject({
      userId: "u1",
    });
    const { project_domain_name: _d, ...noProjectDomain } = AUTH;
    expect(refusal({ auth: noProjectDomain }).field).toBe("clouds.c.auth.project_domain_name");
    const byName = {
      auth_url: AUTH.auth_url,
      application_credential_name: "n",
      application_credential_secret: "pw-s3cret",
      username: "broker",
    };
    expect(refusal({ auth_type: "v3applicationcredential", auth: byName }).field).toBe(
      "clouds.c.auth.user_domain_name",
    );
  });
});

describe("TLS files (terraform would resolve them against its working directory and the passwd home)", () => {
  it("resolves cacert, cert and key to absolute paths: relative to the clouds.yaml, ~ as the home directory", () => {
    const pair = generatePluginCertificate();
    mkdirSync(join(dir, "home"), { recursive: true });
    writeFileSync(join(dir, "ca.pem"), pair.certPem);
    writeFileSync(join(dir, "home", "client.pem"), pair.certPem + pair.keyPem);
    const cloud = load({ auth: AUTH, cacert: "ca.pem", cert: "~/client.pem" });
    expect([cloud.cacert, cloud.clientCert, cloud.clientKey]).toEqual([
      join(dir, "ca.pem"),
      join(dir, "home", "client.pem"),
      undefined,
    ]);
  });

  it("refuses a path that does not exist, a file without a certificate, a key without cert", () => {
    const missing = refusal({ auth: AUTH, cacert: "nope.pem" });
    expect(missing.message).toBe(
      `${file}: clouds.c.cacert: file not found: ${join(dir, "nope.pem")} (a relative path starts at the clouds.yaml's directory)`,
    );
    writeFileSync(join(dir, "text.pem"), "not a certificate");
    expect(refusal({ auth: AUTH, cacert: "text.pem" }).message).toContain(
      `clouds.c.cacert: no PEM certificate in ${join(dir, "text.pem")}`,
    );
    writeFileSync(join(dir, "cert.pem"), generatePluginCertificate().certPem);
    expect(refusal({ auth: AUTH, key: "cert.pem" }).field).toBe("clouds.c.key");
    expect(refusal({ auth: AUTH, cert: "cert.pem" }).message).toContain("holds no private key and no key is given");
  });
});
