import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulatorMirror } from "../../src/simulator/index.js";
import { terraformPlatform } from "../../src/simulator/mirror.js";
import { checkProvider, classifyProviderFile, mirrorPaths, OPENSTACK_PROVIDER } from "./provider-check.js";

/**
 * The provider check runs real terraform init (no network: every CLI configuration here keeps
 * terraform off the registry). terraform installs from a filesystem mirror without running the
 * provider, so a file with an ELF header stands in for the real binary.
 */
let dir: string;
const platform = terraformPlatform();
const packageDir = (mirror: string) => join(mirror, OPENSTACK_PROVIDER.address, OPENSTACK_PROVIDER.version, platform);
const offlineConfig = (mirror: string) => `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["${OPENSTACK_PROVIDER.address}"]
  }
  direct {
    exclude = ["${OPENSTACK_PROVIDER.address}"]
  }
}
`;
const check = (cliConfig: string, cache: string, extra: { acceptSimulator?: boolean } = {}) =>
  checkProvider({
    terraformBin: "terraform",
    pluginCacheDir: cache,
    env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig },
    ...extra,
  });

let empty: string;
let emptyRc: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "live-provider-"));
  empty = join(dir, "empty-mirror");
  await mkdir(empty);
  emptyRc = join(dir, "empty.tfrc");
  await writeFile(emptyRc, offlineConfig(empty));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("is the real terraform-provider-openstack 3.4.0 available?", () => {
  it("nowhere: says what terraform said, where it looked, and the ways to provide it", async () => {
    const rc = emptyRc;
    const result = await check(rc, join(dir, "cache-a"));
    expect(result).toMatchObject({ ok: false, kind: "none" });
    expect(result.detail).toMatch(/^terraform init could not install it: .*terraform-provider-openstack\/openstack/);
    expect(result.needs.join("\n")).toContain(`  TF_CLI_CONFIG_FILE: ${rc}, filesystem mirrors: ${empty}`);
    expect(result.needs.join("\n")).toContain(`  TF_PLUGIN_CACHE_DIR: ${join(dir, "cache-a")} (does not hold 3.4.0)`);
    expect(result.needs.join("\n")).toMatch(/network access to registry\.terraform\.io/);
    expect(result.needs.join("\n")).toContain(`terraform providers mirror -platform=${platform} DIR`);
    expect(result.needs.join("\n")).toContain(`terraform-provider-openstack_3.4.0_${platform}.zip`);
  });

  it("a native executable in a filesystem mirror: ok, in terraform's own words", async () => {
    const mirror = join(dir, "real-mirror");
    await mkdir(packageDir(mirror), { recursive: true });
    const binary = join(packageDir(mirror), "terraform-provider-openstack_v3.4.0");
    await writeFile(binary, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]));
    await chmod(binary, 0o755);
    const rc = join(dir, "real.tfrc");
    await writeFile(rc, offlineConfig(mirror));
    expect(await check(rc, join(dir, "cache-b"))).toEqual({
      ok: true,
      kind: "binary",
      detail: "Installed provider version: terraform-provider-openstack/openstack v3.4.0 (unauthenticated)",
      needs: [],
    });
  });

  it("the project's simulator in its place is refused (unless the project's own tests accept it), and a cache it polluted is named", async () => {
    const sim = await createSimulatorMirror({ stateDir: join(dir, "sim-cloud"), dir: join(dir, "sim") });
    const cache = join(dir, "cache-c");
    const refused = await check(sim.env.TF_CLI_CONFIG_FILE, cache);
    expect(refused).toMatchObject({ ok: false, kind: "simulator" });
    expect(refused.detail).toMatch(/: the project's OpenStack simulator \(src\/simulator\), not the real provider$/);
    expect(refused.needs[0]).toBe(
      "point TF_CLI_CONFIG_FILE at a mirror of the real provider (or unset it to use the registry)",
    );
    expect(await check(sim.env.TF_CLI_CONFIG_FILE, cache, { acceptSimulator: true })).toMatchObject({
      ok: true,
      kind: "simulator",
    });
    // terraform copied the launcher into the plugin cache: a later check without the mirror says so.
    const polluted = await check(emptyRc, cache);
    expect(polluted.needs.join("\n")).toContain(
      `holds a 3.4.0 that is the project's simulator: remove ${packageDir(cache)}`,
    );
  });

  it("classifies provider files by their first bytes; reads mirror paths from a CLI configuration", async () => {
    const file = (name: string, bytes: Buffer) => writeFile(join(dir, name), bytes).then(() => join(dir, name));
    expect(await classifyProviderFile(await file("elf", Buffer.from("7f454c46020101", "hex")))).toBe("binary");
    expect(await classifyProviderFile(await file("macho", Buffer.from("cffaedfe07000001", "hex")))).toBe("binary");
    expect(
      await classifyProviderFile(
        await file("sh", Buffer.from("#!/bin/sh\n# OpenStack simulator provider (see docs/simulator.md)\n")),
      ),
    ).toBe("simulator");
    expect(await classifyProviderFile(await file("other", Buffer.from("#!/bin/sh\nexec something\n")))).toBe("other");
    expect(
      mirrorPaths(
        `provider_installation {\n  filesystem_mirror {\n    path = "/srv/a"\n  }\n  filesystem_mirror { include = ["x"]\n path = "/srv/b\\"q" }\n  direct {}\n}`,
      ),
    ).toEqual(["/srv/a", '/srv/b"q']);
  });
});
