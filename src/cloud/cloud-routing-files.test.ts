import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCloudMappingFile } from "./cloud-routing-mapping.js";
import { createCloudTargets } from "./cloud-targets.js";

let dir: string;
let cloudsFile: string;
const SECRET = "s3cret-password-value";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloud-routing-"));
  cloudsFile = join(dir, "clouds.yaml");
  const entry = (project: string) => ({
    auth: {
      auth_url: "http://127.0.0.1:5000/v3",
      username: "u",
      password: SECRET,
      project_name: project,
      user_domain_name: "Default",
      project_domain_name: "Default",
    },
    region_name: "RegionOne",
  });
  await writeFile(cloudsFile, JSON.stringify({ clouds: { "team-a": entry("a"), "team-b": entry("b") } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = async (name: string, text: string) => {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};

describe("CLOUD_MAPPING_FILE", () => {
  it("reads ordered rules with string or list values", async () => {
    const file = await write(
      "map.yaml",
      "- match: { platform: kubernetes, namespace: team-a }\n  cloud: team-a\n- match: { namespace: [x, y] }\n  cloud: team-b\n",
    );
    expect(readCloudMappingFile(file)).toEqual([
      { match: { platform: "kubernetes", namespace: "team-a" }, cloud: "team-a", source: `${file}: [0]` },
      { match: { namespace: ["x", "y"] }, cloud: "team-b", source: `${file}: [1]` },
    ]);
    expect(readCloudMappingFile(await write("empty.yaml", ""))).toEqual([]);
  });

  it("names the file and the field of a bad rule", async () => {
    const cases: [string, string][] = [
      ["match: {}\n", "must be a list of rules"],
      ["- cloud: a\n", "[0].match: must be a non-empty mapping"],
      ["- match: { namespace: a }\n", "[0].cloud: must be a clouds.yaml entry name"],
      [
        "- match: { namespace: a }\n  cloud: '${file(\"/etc/passwd\")}'\n",
        "[0].cloud: must be a clouds.yaml entry name",
      ],
      [
        "- match: { namespace: 3 }\n  cloud: a\n",
        "[0].match.namespace: must be a string or a non-empty list of strings",
      ],
      ["- match: { namespace: a }\n  cloud: a\n  clod: b\n", "[0].clod: unknown key"],
      ["- match: [\n", "not valid YAML at line"],
    ];
    for (const [text, message] of cases) {
      const file = await write("bad.yaml", text);
      expect(() => readCloudMappingFile(file)).toThrow(`${file}: ${message}`);
    }
    expect(() => readCloudMappingFile(join(dir, "missing.yaml"))).toThrow(
      /missing\.yaml: cannot read the cloud mapping \(CLOUD_MAPPING_FILE\): ENOENT/,
    );
  });
});

describe("cloud targets (terraform side)", () => {
  const search = () => ({ env: { OS_CLIENT_CONFIG_FILE: cloudsFile }, cwd: dir, homeDir: dir });

  it("gives terraform the resolved entry in the run's own clouds.yaml; the provider block and env hold no credential", () => {
    const targets = createCloudTargets({ search: search(), simulate: false, defaultCloud: "team-a", processEnv: {} });
    targets.check([
      { name: "team-a", where: "DEFAULT_CLOUD" },
      { name: "team-b", where: "x" },
    ]);
    const run = targets.forCloud("team-b");
    expect(run.providers).toEqual({ openstack: { cloud: "team-b", endpoint_type: "public", region: "RegionOne" } });
    expect(run.env).toEqual({ OS_CLIENT_CONFIG_FILE: "" });
    expect(JSON.parse(run.files?.["clouds.yaml"] ?? "")).toEqual({
      clouds: {
        "team-b": {
          auth_type: "v3password",
          auth: {
            auth_url: "http://127.0.0.1:5000/v3",
            username: "u",
            user_domain_name: "Default",
            password: SECRET,
            project_name: "b",
            project_domain_name: "Default",
          },
          identity_api_version: "3",
          region_name: "RegionOne",
          interface: "public",
          verify: true,
        },
      },
    });
    // An empty secure.yaml in the working directory shadows ~/.config/openstack and /etc/openstack's.
    expect(JSON.parse(run.files?.["secure.yaml"] ?? "")).toEqual({ clouds: {} });
    expect(targets.forCloud(undefined).providers).toEqual({
      openstack: { cloud: "team-a", endpoint_type: "public", region: "RegionOne" },
    });
    expect(JSON.stringify({ providers: run.providers, env: run.env })).not.toContain(SECRET);
  });

  it("blanks the broker's own OS_* variables, which the provider would take over the cloud entry", () => {
    const processEnv = {
      OS_PROJECT_NAME: "other",
      OS_PASSWORD: "x",
      OS_CLIENT_CONFIG_FILE: "/elsewhere",
      OS_CLIENT_SECURE_FILE: "/s",
      PATH: "/bin",
    };
    const targets = createCloudTargets({ search: search(), simulate: false, processEnv });
    expect(targets.forCloud("team-a").env).toEqual({
      OS_PROJECT_NAME: "",
      OS_PASSWORD: "",
      OS_CLIENT_CONFIG_FILE: "",
      OS_CLIENT_SECURE_FILE: "",
    });
    // No cloud named: nothing changes (the provider reads the OS_* environment as before).
    expect(targets.forCloud(undefined)).toEqual({});
  });

  it("refuses an unknown name at start-up, naming the file, the field and where it was written", () => {
    const targets = createCloudTargets({ search: search(), simulate: false });
    expect(() => targets.check([{ name: "team-c", where: "catalog/x.yaml: plan small: cloud" }])).toThrow(
      `${cloudsFile}: clouds.team-c: no such cloud, named by catalog/x.yaml: plan small: cloud (have: team-a, team-b)`,
    );
    // Two clouds and no default: no cloud is named (the provider reads the OS_* environment).
    expect(targets.forCloud(undefined)).toEqual({});
    expect(() => targets.forCloud("gone")).toThrow(/clouds\.gone: no such cloud/);
  });

  it("without clouds.yaml: names are labels when simulating, an error otherwise", () => {
    const none = { env: {}, cwd: dir, homeDir: join(dir, "nohome") };
    const empty = join(dir, "nowhere");
    const simulated = createCloudTargets({
      search: { ...none, cwd: empty },
      simulate: true,
      defaultCloud: "x",
      processEnv: {},
    });
    simulated.check([{ name: "x", where: "DEFAULT_CLOUD" }]);
    expect(simulated.forCloud(undefined)).toEqual({ providers: { openstack: { cloud: "x" } }, env: {} });
    const real = createCloudTargets({ search: { ...none, cwd: empty }, simulate: false, defaultCloud: "x" });
    expect(() => real.check([{ name: "x", where: "DEFAULT_CLOUD" }])).toThrow(
      'DEFAULT_CLOUD names the cloud "x" but no clouds.yaml was found',
    );
    // The launched simulator reads clouds.yaml as the real provider does (every run would fail with
    // "unable to load clouds.yaml"): refused at start-up as without a simulator.
    const launched = createCloudTargets({
      search: { ...none, cwd: empty },
      simulate: true,
      launchedSimulator: true,
      defaultCloud: "x",
      processEnv: {},
    });
    expect(() => launched.check([{ name: "x", where: "DEFAULT_CLOUD" }])).toThrow(
      'DEFAULT_CLOUD names the cloud "x" but no clouds.yaml was found (set OS_CLIENT_CONFIG_FILE; the launched simulator reads it as terraform\'s provider does (SIMULATOR_MODE=reattach takes names as labels))',
    );
    launched.check([]);
  });

  it("the only entry of clouds.yaml is the default when none is configured", async () => {
    const single = await write(
      "single.yaml",
      JSON.stringify({ clouds: { only: { auth: { auth_url: "http://k/v3", username: "u", password: SECRET } } } }),
    );
    const targets = createCloudTargets({
      search: { env: { OS_CLIENT_CONFIG_FILE: single }, cwd: dir, homeDir: dir },
      simulate: false,
    });
    expect(targets.defaultCloud).toBe("only");
  });
});
