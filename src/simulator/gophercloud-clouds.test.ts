import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { authOptions, tokenRequest } from "./gophercloud-auth.js";
import { getCloudFromYaml, merge } from "./gophercloud-clouds.js";
import { authMethodOf } from "./provider-auth.js";

/**
 * The clientconfig rules behind provider-auth.test.ts's terraform runs, case by case (gophercloud/utils
 * openstack/clientconfig requests.go GetCloudFromYAML, utils.go mergeClouds / FindAndReadYAML).
 */
let cwd: string;
let home: string;
beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), "gophercloud-clouds-"));
  [cwd, home] = [join(root, "work"), join(root, "home")];
  mkdirSync(cwd);
  mkdirSync(join(home, ".config", "openstack"), { recursive: true });
});
const place = () => ({ env: {}, cwd, home });
const write = (dir: string, name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value));

describe("mergeClouds", () => {
  it("merges mappings, appends lists, and never lets false or empty override", () => {
    expect(
      merge(
        { verify: false, auth: { password: "new" }, regions: [{ name: "B" }] },
        { verify: true, auth: { username: "u", password: "old" }, regions: [{ name: "A" }] },
      ),
    ).toEqual({ verify: true, auth: { password: "new", username: "u" }, regions: [{ name: "B" }, { name: "A" }] });
  });
});

describe("GetCloudFromYAML", () => {
  it("finds clouds.yaml before clouds.yml, the working directory before ~/.config/openstack; keeps only typed keys", () => {
    write(join(home, ".config", "openstack"), "clouds.yaml", { clouds: { c: { region_name: "Home" } } });
    write(cwd, "clouds.yml", { clouds: { c: { region_name: "Cwd" } } });
    expect(getCloudFromYaml("c", "", place()).region_name).toBe("Home");
    write(cwd, "clouds.yaml", {
      clouds: { c: { region_name: "CwdYaml", auth: { tenant_name: "t", project_name: 7 } } },
    });
    expect(getCloudFromYaml("c", "", place())).toEqual({
      region_name: "CwdYaml",
      auth: { project_name: "7" },
      verify: true,
    });
  });

  it("applies a region's values only when the provider names that region; interface becomes endpoint_type", () => {
    write(cwd, "clouds.yaml", {
      clouds: { c: { interface: "internal", regions: [{ name: "A", values: { auth: { project_name: "pa" } } }] } },
    });
    expect(getCloudFromYaml("c", "", place()).auth).toBeUndefined();
    const chosen = getCloudFromYaml("c", "A", place());
    expect([chosen.auth, chosen.endpoint_type, chosen.interface]).toEqual([
      { project_name: "pa" },
      "internal",
      undefined,
    ]);
  });

  it("merges a profile from clouds-public.yaml (the entry wins) or names the missing profile", () => {
    write(cwd, "clouds.yaml", { clouds: { c: { profile: "vendor", region_name: "Mine" } } });
    expect(() => getCloudFromYaml("c", "", place())).toThrow("cloud vendor does not exist in clouds-public.yaml");
    write(cwd, "clouds-public.yaml", {
      "public-clouds": { vendor: { region_name: "Theirs", auth: { auth_url: "https://v/v3" } } },
    });
    expect(getCloudFromYaml("c", "", place())).toMatchObject({
      region_name: "Mine",
      auth: { auth_url: "https://v/v3" },
    });
  });
});

describe("AuthOptions and the token request", () => {
  it("OS_* fill only empty fields; the later of two variables wins; auth_url is required", () => {
    const options = authOptions(
      { auth: { auth_url: "https://k/v3", username: "u", password: "file" } },
      {
        OS_PASSWORD: "env",
        OS_TENANT_NAME: "t",
        OS_PROJECT_NAME: "p",
        OS_USER_DOMAIN_ID: "d",
        OS_PROJECT_DOMAIN_ID: "d",
      },
    );
    expect([options.password, options.tenantName, options.scope?.projectName]).toEqual(["file", "p", "p"]);
    expect(tokenRequest(options)).toEqual({ method: "password", scope: "project" });
    expect(() => authOptions({ auth: { username: "u" } }, {})).toThrow("Missing input for argument [auth_url]");
  });

  it("a token clears the user; a project name needs its domain", () => {
    const token = authOptions(
      { auth_type: "v3token", auth: { auth_url: "https://k/v3", token: "t", username: "u", project_id: "p" } },
      {},
    );
    expect(tokenRequest(token)).toEqual({ method: "token", scope: "project" });
    expect(
      authMethodOf({ cloud: "c", region: "", endpointType: "public", token: tokenRequest(token) }),
    ).toBeUndefined();
    const noDomain = authOptions(
      { auth: { auth_url: "https://k/v3", user_id: "u", password: "p", project_name: "p" } },
      {},
    );
    expect(() => tokenRequest(noDomain)).toThrow(
      "You must provide exactly one of DomainID or DomainName in a Scope with ProjectName",
    );
  });
});
