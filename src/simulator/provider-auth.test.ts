import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_LOG_ENV, type ConfiguredProvider } from "./provider-auth.js";
import { createTestSimulator, type TestSimulator } from "../../test/helpers/simulator-harness.js";
import { generatePluginCertificate } from "./tls-cert.js";

/**
 * ConfigureProvider in faithful mode resolves its cloud from the provider block, terraform's working
 * directory and environment exactly as terraform-provider-openstack 3.4.0 does (utils auth/config.go
 * LoadAndValidate over gophercloud/utils clientconfig), and refuses with the provider's own words.
 * Each case runs real terraform against a launched provider. The inputs are those the broker used to
 * give terraform (`cloud = "<name>"`, OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE): what a real cloud
 * would have done with them.
 */
let sim: TestSimulator;
let root: string;
let count = 0;
beforeAll(async () => {
  sim = await createTestSimulator({ mode: "mirror" });
  root = await mkdtemp(join(tmpdir(), "provider-auth-"));
}, 60_000);
afterAll(async () => {
  await sim?.cleanup();
  await rm(root, { recursive: true, force: true });
});

const AUTH = {
  auth_url: "https://keystone.example/v3",
  username: "broker",
  password: "pw-s3cret",
  project_name: "demo",
  user_domain_name: "Default",
  project_domain_name: "Default",
};

interface Case {
  /** The provider block. */
  readonly provider?: Record<string, unknown>;
  /** clouds.yaml's `clouds` (written outside the working directory, named by OS_CLIENT_CONFIG_FILE). */
  readonly clouds?: Record<string, unknown>;
  /** secure.yaml's `clouds`, written where `secureIn` says. */
  readonly secure?: Record<string, unknown>;
  readonly secureIn?: "OS_CLIENT_SECURE_FILE" | "working directory" | "$HOME";
  /** Files of the working directory, of the operator's directory (next to clouds.yaml), of $HOME. */
  readonly workFiles?: Record<string, string>;
  readonly operatorFiles?: Record<string, string>;
  readonly homeFiles?: Record<string, string>;
  readonly env?: Record<string, string>;
}

interface Outcome {
  readonly exitCode: number;
  readonly stderr: string;
  readonly region?: string;
  readonly configured?: ConfiguredProvider & { error?: string };
}

/** Runs `terraform apply` (`plan` when only the refusal matters: ConfigureProvider runs there already). */
async function run(c: Case, command: "apply" | "plan" = "apply"): Promise<Outcome> {
  const base = join(root, `case-${++count}`);
  const [operator, home] = [join(base, "operator"), join(base, "home")];
  await mkdir(join(home, ".config", "openstack"), { recursive: true });
  await mkdir(operator, { recursive: true });
  const dir = await sim.workdir({
    provider: { openstack: [c.provider ?? {}] },
    data: { openstack_identity_auth_scope_v3: { scope: { name: "broker" } } },
    output: { region: { value: "${data.openstack_identity_auth_scope_v3.scope.region}" } },
  });
  const write = async (where: string, files: Record<string, string> = {}) => {
    for (const [name, text] of Object.entries(files)) await writeFile(join(where, name), text);
  };
  await write(dir, c.workFiles);
  await write(operator, c.operatorFiles);
  await write(home, c.homeFiles);
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...sim.env,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    HOME: home,
  };
  for (const key of Object.keys(env)) if (key.startsWith("OS_") || key === "TF_PLUGIN_CACHE_DIR") delete env[key];
  if (c.clouds !== undefined) {
    env.OS_CLIENT_CONFIG_FILE = join(operator, "clouds.yaml");
    await writeFile(env.OS_CLIENT_CONFIG_FILE, JSON.stringify({ clouds: c.clouds }));
  }
  if (c.secure !== undefined) {
    const where =
      c.secureIn === "working directory" ? dir : c.secureIn === "$HOME" ? join(home, ".config", "openstack") : operator;
    await writeFile(join(where, "secure.yaml"), JSON.stringify({ clouds: c.secure }));
    if (c.secureIn === undefined || c.secureIn === "OS_CLIENT_SECURE_FILE")
      env.OS_CLIENT_SECURE_FILE = join(where, "secure.yaml");
  }
  Object.assign(env, c.env, { [PROVIDER_LOG_ENV]: join(base, "provider.log") });
  const terraform = (...args: string[]) => execa("terraform", args, { cwd: dir, env, extendEnv: false, reject: false });
  expect((await terraform("init", "-input=false", "-no-color")).exitCode).toBe(0);
  const apply = await terraform(...(command === "apply" ? ["apply", "-auto-approve"] : ["plan"]), "-no-color");
  const log = await readFile(join(base, "provider.log"), "utf8").catch(() => "");
  const configured = log === "" ? undefined : (JSON.parse(log.trim().split("\n").at(-1)!) as Outcome["configured"]);
  const outputs =
    apply.exitCode === 0 && command === "apply"
      ? (JSON.parse((await terraform("output", "-json")).stdout) as { region: { value: string } })
      : undefined;
  return { exitCode: apply.exitCode ?? -1, stderr: String(apply.stderr), region: outputs?.region.value, configured };
}

const refused = async (c: Case, message: string) => {
  const outcome = await run(c, "plan");
  expect(outcome.exitCode, outcome.stderr).toBe(1);
  expect(outcome.stderr).toContain(`Error: ${message}`);
};

describe("without a cloud or credentials nothing is checked (the quick start)", () => {
  it("an empty provider block configures; the auth scope's region is the provider's: none", async () => {
    const outcome = await run({});
    expect(outcome.exitCode, outcome.stderr).toBe(0);
    // GetRegion(d, config): "" when neither `region`, OS_REGION_NAME nor a cloud entry names one.
    expect(outcome.region).toBe("");
  });

  it("the provider block's region, else OS_REGION_NAME, is the auth scope's region", async () => {
    expect((await run({ provider: { region: "RegionOne" } })).region).toBe("RegionOne");
    expect((await run({ env: { OS_REGION_NAME: "RegionOne" } })).region).toBe("RegionOne");
  });
});

describe("secure.yaml as gophercloud finds it", () => {
  it("OS_CLIENT_SECURE_FILE is ignored: a password kept in secure.yaml never reaches the provider", async () => {
    const { password: _secret, ...noPassword } = AUTH;
    await refused(
      {
        provider: { cloud: "c" },
        clouds: { c: { auth: noPassword, region_name: "RegionOne" } },
        secure: { c: { auth: { password: "pw-s3cret" } } },
      },
      "You must provide a password to authenticate",
    );
    // With the password in clouds.yaml itself the same cloud works.
    const working = await run({ provider: { cloud: "c" }, clouds: { c: { auth: AUTH, region_name: "RegionOne" } } });
    expect([working.exitCode, working.region]).toEqual([0, "RegionOne"]);
  });

  it("~/.config/openstack is the passwd entry's home, not $HOME; the working directory's secure.yaml is merged", async () => {
    const credential = { auth_url: AUTH.auth_url, application_credential_id: "ac1" };
    const clouds = { c: { auth_type: "v3applicationcredential", auth: credential } };
    const secure = { c: { auth: { application_credential_secret: "ac-s3cret" } } };
    await refused(
      { provider: { cloud: "c" }, clouds, secure, secureIn: "$HOME" },
      "You must provide an Application Credential Secret",
    );
    const merged = await run({ provider: { cloud: "c" }, clouds, secure, secureIn: "working directory" }, "plan");
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.configured?.token).toEqual({ method: "application_credential", scope: "project" });
  });
});

describe("what the provider takes from a clouds.yaml entry", () => {
  it("ignores `interface`: only its own endpoint_type (or OS_ENDPOINT_TYPE) chooses the catalog interface", async () => {
    const clouds = { c: { auth: AUTH, interface: "internal" } };
    expect((await run({ provider: { cloud: "c" }, clouds }, "plan")).configured?.endpointType).toBe("public");
    expect(
      (await run({ provider: { cloud: "c", endpoint_type: "internal" }, clouds }, "plan")).configured?.endpointType,
    ).toBe("internal");
    await refused({ provider: { cloud: "c", endpoint_type: "private" }, clouds }, "Invalid endpoint type provided");
  });

  it("a `regions:` list gives no region; a comma-separated region_name is one region name that no endpoint has", async () => {
    const listed = await run({
      provider: { cloud: "c" },
      clouds: { c: { auth: AUTH, regions: ["RegionOne", "RegionTwo"] } },
    });
    expect([listed.exitCode, listed.region]).toEqual([0, ""]);
    const chosen = await run({
      provider: { cloud: "c", region: "RegionOne" },
      clouds: { c: { auth: AUTH, regions: ["RegionOne", "RegionTwo"] } },
    });
    expect(chosen.region).toBe("RegionOne");
    await refused(
      { provider: { cloud: "c" }, clouds: { c: { auth: AUTH, region_name: "RegionOne,RegionTwo" } } },
      "No suitable endpoint could be found in the service catalog.",
    );
  });

  it("tenant_name is unknown (an unscoped token, no catalog); a domain-scoped entry, or a user domain by id and name, cannot build a token request", async () => {
    const { project_name: _p, project_domain_name: _d, ...unscoped } = AUTH;
    await refused(
      { provider: { cloud: "c" }, clouds: { c: { auth: { ...unscoped, tenant_name: "demo" } } } },
      "No suitable endpoint could be found in the service catalog.",
    );
    const { user_domain_name: _u, ...noDomains } = unscoped;
    await refused(
      { provider: { cloud: "c" }, clouds: { c: { auth: { ...noDomains, domain_name: "Default" } } } },
      "You must provide exactly one of DomainID or DomainName to authenticate by Username",
    );
    // domain_id fills the user's domain id next to its name (setDomainIfNeeded): both given, gophercloud refuses.
    await refused(
      { provider: { cloud: "c" }, clouds: { c: { auth: { ...AUTH, domain_id: "default" } } } },
      "You must provide exactly one of DomainID or DomainName to authenticate by Username",
    );
  });

  it("cacert: relative to terraform's working directory, ~ from the passwd entry, a missing path parsed as PEM text", async () => {
    const ca = generatePluginCertificate().certPem;
    const clouds = (cacert: string) => ({ c: { auth: AUTH, cacert } });
    await refused(
      { provider: { cloud: "c" }, clouds: clouds("ca.pem"), operatorFiles: { "ca.pem": ca } },
      "Error parsing CA Cert from ca.pem",
    );
    expect(
      (await run({ provider: { cloud: "c" }, clouds: clouds("ca.pem"), workFiles: { "ca.pem": ca } }, "plan")).exitCode,
    ).toBe(0);
    await refused(
      { provider: { cloud: "c" }, clouds: clouds("~/ca.pem"), homeFiles: { "ca.pem": ca } },
      "Error parsing CA Cert from ~/ca.pem",
    );
  });

  it("names a missing cloud or clouds.yaml like clientconfig", async () => {
    await refused(
      { provider: { cloud: "other" }, clouds: { c: { auth: AUTH } } },
      "cloud other does not exist in clouds.yaml",
    );
    await refused(
      { provider: { cloud: "c" } },
      "unable to load clouds.yaml: no clouds.yml file found: file does not exist",
    );
  });

  it("without a cloud, reads OS_* like the provider's own settings", async () => {
    const env = {
      OS_AUTH_URL: AUTH.auth_url,
      OS_USERNAME: "broker",
      OS_PROJECT_NAME: "demo",
      OS_USER_DOMAIN_NAME: "Default",
      OS_PROJECT_DOMAIN_NAME: "Default",
    };
    await refused({ env }, "You must provide a password to authenticate");
    expect((await run({ env: { ...env, OS_PASSWORD: "pw" } }, "plan")).exitCode).toBe(0);
  });
});
