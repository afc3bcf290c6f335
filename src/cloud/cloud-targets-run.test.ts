import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_LOG_ENV, type ConfiguredProvider } from "../simulator/provider-auth.js";
import { createTestSimulator, type TestSimulator } from "../../test/helpers/simulator-harness.js";
import { generatePluginCertificate } from "../simulator/tls-cert.js";
import { createCloudTargets } from "./cloud-targets.js";

/**
 * What the broker hands terraform for a cloud reaches terraform's provider as the cloud the broker
 * resolved, for every case where openstacksdk (the broker's rules) and gophercloud's clientconfig (the
 * provider's) read clouds.yaml differently. Real terraform against the launched simulator, which
 * resolves its cloud exactly as the real provider does (provider-auth.test.ts shows each case failing
 * with what the broker gave terraform before: the cloud's name and OS_CLIENT_CONFIG_FILE /
 * OS_CLIENT_SECURE_FILE).
 */
let sim: TestSimulator;
let root: string;
let count = 0;
beforeAll(async () => {
  sim = await createTestSimulator({ mode: "mirror" });
  root = await mkdtemp(join(tmpdir(), "cloud-terraform-run-"));
}, 60_000);
afterAll(async () => {
  await sim?.cleanup();
  await rm(root, { recursive: true, force: true });
});

const SECRET = "pw-s3cret-0c41";
const AUTH = {
  auth_url: "https://keystone.example/v3",
  username: "broker",
  password: SECRET,
  project_name: "demo",
  user_domain_name: "Default",
  project_domain_name: "Default",
};

interface Operator {
  readonly clouds: Record<string, unknown>;
  /** secure.yaml's clouds, named by OS_CLIENT_SECURE_FILE (or in the broker's ~/.config/openstack). */
  readonly secure?: Record<string, unknown>;
  readonly secureInHome?: boolean;
  /** Files next to clouds.yaml, and in the broker's home directory. */
  readonly files?: Record<string, string>;
  readonly homeFiles?: Record<string, string>;
}

/** Resolves cloud `c` like the broker at start-up, then runs terraform with exactly what a broker run gets. */
async function runOn(operator: Operator): Promise<{
  exitCode: number;
  stderr: string;
  region?: string;
  configured?: ConfiguredProvider;
  config: string;
  left: string[];
}> {
  const base = join(root, `case-${++count}`);
  const [etc, home] = [join(base, "etc"), join(base, "home")];
  await mkdir(join(home, ".config", "openstack"), { recursive: true });
  await mkdir(etc, { recursive: true });
  for (const [name, text] of Object.entries(operator.files ?? {})) await writeFile(join(etc, name), text);
  for (const [name, text] of Object.entries(operator.homeFiles ?? {})) await writeFile(join(home, name), text);
  const searchEnv: Record<string, string> = { OS_CLIENT_CONFIG_FILE: join(etc, "clouds.yaml") };
  await writeFile(searchEnv.OS_CLIENT_CONFIG_FILE, JSON.stringify({ clouds: operator.clouds }));
  if (operator.secure !== undefined) {
    const secureFile = operator.secureInHome
      ? join(home, ".config", "openstack", "secure.yaml")
      : join(etc, "secure.yaml");
    await writeFile(secureFile, JSON.stringify({ clouds: operator.secure }));
    if (!operator.secureInHome) searchEnv.OS_CLIENT_SECURE_FILE = secureFile;
  }
  const targets = createCloudTargets({
    search: { env: searchEnv, cwd: base, homeDir: home },
    simulate: false,
    processEnv: searchEnv,
  });
  targets.check([{ name: "c", where: "DEFAULT_CLOUD" }]);
  const run = targets.forCloud("c");
  const dir = await sim.workdir({
    provider: run.providers,
    data: { openstack_identity_auth_scope_v3: { scope: { name: "broker" } } },
    output: { region: { value: "${data.openstack_identity_auth_scope_v3.scope.region}" } },
  });
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...sim.env,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    HOME: home,
    ...searchEnv,
  };
  delete env.TF_PLUGIN_CACHE_DIR;
  Object.assign(env, run.env, { [PROVIDER_LOG_ENV]: join(base, "provider.log") });
  const terraform = (...args: string[]) => execa("terraform", args, { cwd: dir, env, extendEnv: false, reject: false });
  expect((await terraform("init", "-input=false", "-no-color")).exitCode).toBe(0);
  // As the workspace does: the run's files exist only while terraform plans and applies.
  const files = Object.keys(run.files ?? {});
  for (const name of files) await writeFile(join(dir, name), run.files![name], { mode: 0o600 });
  const apply = await terraform("apply", "-auto-approve", "-no-color");
  for (const name of files) await rm(join(dir, name));
  const log = await readFile(join(base, "provider.log"), "utf8").catch(() => "");
  const outputs =
    apply.exitCode === 0
      ? (JSON.parse((await terraform("output", "-json")).stdout) as { region: { value: string } })
      : undefined;
  return {
    exitCode: apply.exitCode ?? -1,
    stderr: String(apply.stderr),
    region: outputs?.region.value,
    configured: log === "" ? undefined : (JSON.parse(log.trim().split("\n").at(-1)!) as ConfiguredProvider),
    config: await readFile(join(dir, "main.tf.json"), "utf8"),
    left: await readdir(dir),
  };
}

const ok = (outcome: { exitCode: number; stderr: string }) => expect(outcome.exitCode, outcome.stderr).toBe(0);

describe("terraform's provider uses the cloud the broker resolved", () => {
  it("a password kept in secure.yaml (OS_CLIENT_SECURE_FILE) reaches it; no secret in the provider block, no clouds file left behind", async () => {
    const { password: _p, ...auth } = AUTH;
    const outcome = await runOn({
      clouds: { c: { auth, region_name: "RegionOne" } },
      secure: { c: { auth: { password: SECRET } } },
    });
    ok(outcome);
    expect(outcome.region).toBe("RegionOne");
    expect(outcome.configured?.token).toEqual({ method: "password", scope: "project" });
    expect(outcome.config).not.toContain(SECRET);
    expect(outcome.left.filter((name) => name.endsWith(".yaml"))).toEqual([]);
  });

  it("secure.yaml's values win over clouds.yaml's, and one in the broker's ~/.config/openstack ($HOME) counts", async () => {
    const overridden = await runOn({
      clouds: { c: { auth: AUTH, region_name: "RegionElsewhere" } },
      secure: { c: { region_name: "RegionOne" } },
    });
    expect([overridden.exitCode, overridden.region]).toEqual([0, "RegionOne"]);
    const credential = { auth_url: AUTH.auth_url, application_credential_id: "ac1" };
    const inHome = await runOn({
      clouds: { c: { auth_type: "v3applicationcredential", auth: credential } },
      secure: { c: { auth: { application_credential_secret: SECRET } } },
      secureInHome: true,
    });
    ok(inHome);
    expect(inHome.configured?.token?.method).toBe("application_credential");
  });

  it("the interface the broker believes is the provider's endpoint_type", async () => {
    expect((await runOn({ clouds: { c: { auth: AUTH, interface: "internal" } } })).configured?.endpointType).toBe(
      "internal",
    );
    expect(
      (await runOn({ clouds: { c: { auth: AUTH, endpoint_type: "internalURL" } } })).configured?.endpointType,
    ).toBe("internal");
  });

  it("a regions list or a comma-separated region_name: openstacksdk's first region is the provider's", async () => {
    expect(
      (
        await runOn({
          clouds: {
            c: { auth: AUTH, regions: [{ name: "RegionOne", values: { interface: "internal" } }, "RegionTwo"] },
          },
        })
      ).configured,
    ).toMatchObject({
      region: "RegionOne",
      endpointType: "internal",
    });
    expect((await runOn({ clouds: { c: { auth: AUTH, region_name: "RegionOne,RegionTwo" } } })).region).toBe(
      "RegionOne",
    );
  });

  it("tenant_name, and a user domain given both by id and by name, become a request gophercloud can build", async () => {
    const { project_name: _p, ...auth } = AUTH;
    expect((await runOn({ clouds: { c: { auth: { ...auth, tenant_name: "demo" } } } })).configured?.token).toEqual({
      method: "password",
      scope: "project",
    });
    ok(await runOn({ clouds: { c: { auth: { ...AUTH, domain_id: "default" } } } }));
  });

  it("cacert relative to clouds.yaml or under ~ ($HOME) reaches the provider as an absolute path", async () => {
    const ca = generatePluginCertificate().certPem;
    ok(await runOn({ clouds: { c: { auth: AUTH, cacert: "ca.pem" } }, files: { "ca.pem": ca } }));
    ok(await runOn({ clouds: { c: { auth: AUTH, cacert: "~/ca.pem" } }, homeFiles: { "ca.pem": ca } }));
  });
});
