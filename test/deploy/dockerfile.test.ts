/**
 * The image cannot be built here (no Docker engine, no internet): what can be checked without building
 * it is checked — the terraform checksums and architectures, the provider mirror and the CLI
 * configuration that points at it (and terraform really installing from such a mirror with that
 * configuration), the user, the entrypoint, SIMULATE, the base image, .dockerignore — and that the
 * manifests agree with the image (uid, provider version).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./manifests.js";

const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));
const stages = instructions.reduce<string[][]>((acc, line) => {
  if (/^FROM\s/i.test(line)) acc.push([]);
  acc.at(-1)?.push(line);
  return acc;
}, []);
const finalStage = stages.at(-1)!;
const arg = (name: string) => new RegExp(`^ARG ${name}=(\\S+)`, "m").exec(instructions.join("\n"))?.[1];
const cliConfig = readFileSync(join(ROOT, "deploy/docker/terraformrc"), "utf8");
const mirrorPathInConfig = /filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/.exec(cliConfig)?.[1];
const env = (stage: readonly string[]) => {
  const out: Record<string, string> = {};
  for (const line of stage.filter((l) => /^ENV\s/.test(l)))
    for (const m of line.slice(4).matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1]] = m[2].replace(/^"|"$/g, "");
  return out;
};

describe("Dockerfile: terraform for each architecture", () => {
  it("pins terraform 1.11.4 (the version the tests run) with a SHA-256 for amd64 and for arm64", () => {
    expect(arg("TERRAFORM_VERSION")).toBe("1.11.4");
    const version = JSON.parse(execFileSync("terraform", ["version", "-json"], { encoding: "utf8" })) as {
      terraform_version: string;
    };
    expect(version.terraform_version).toBe(arg("TERRAFORM_VERSION"));
    const amd64 = arg("TERRAFORM_SHA256_AMD64");
    const arm64 = arg("TERRAFORM_SHA256_ARM64");
    expect(amd64).toMatch(/^[0-9a-f]{64}$/);
    expect(arm64).toMatch(/^[0-9a-f]{64}$/);
    expect(amd64).not.toBe(arm64);
  });

  it("downloads terraform for TARGETARCH (and BUILDARCH, to run the mirror), each checked against its own checksum", () => {
    const fetch = instructions.find((l) => l.includes("fetch()"))!;
    expect(fetch).toBeDefined();
    expect(fetch).toMatch(/amd64\)\s*sum="\$TERRAFORM_SHA256_AMD64"/);
    expect(fetch).toMatch(/arm64\)\s*sum="\$TERRAFORM_SHA256_ARM64"/);
    expect(fetch).toMatch(/sha256sum -c -/);
    expect(fetch).toMatch(/terraform_\$\{TERRAFORM_VERSION\}_linux_\$1\.zip/);
    // Any other architecture stops the build instead of installing an unchecked binary.
    expect(fetch).toMatch(/\*\) echo [^;]*>&2; exit 1 ;;/);
    expect(fetch).toMatch(/fetch "\$TARGETARCH"/);
    expect(fetch).toMatch(/fetch "\$BUILDARCH"/);
    // The terraform stage runs on the build platform: no emulation for the download and the mirror.
    expect(instructions.find((l) => /^FROM .* AS terraform$/.test(l))).toMatch(/^FROM --platform=\$BUILDPLATFORM /);
    // The final image gets the target's terraform.
    expect(finalStage).toContain(
      "COPY --from=terraform /opt/terraform/${TARGETARCH}/terraform /usr/local/bin/terraform",
    );
  });
});

describe("Dockerfile: the OpenStack provider as a filesystem mirror", () => {
  const mirrorLine = instructions.find((l) => l.includes("providers mirror"))!;
  const mirrorTarget = /providers mirror\s+-platform=linux_\$\{TARGETARCH\}\s+(\S+)/.exec(mirrorLine ?? "")?.[1];
  const cliConfigCopy = finalStage.find((l) => l.includes("deploy/docker/terraformrc"));

  it("mirrors for the target platform into the directory the CLI configuration names, and ships it there", () => {
    expect(mirrorLine).toContain("/opt/terraform/${BUILDARCH}/terraform providers mirror");
    expect(mirrorTarget).toBeDefined();
    expect(mirrorPathInConfig).toBe(mirrorTarget);
    expect(finalStage).toContain(`COPY --from=terraform ${mirrorTarget} ${mirrorTarget}`);
  });

  it("points TF_CLI_CONFIG_FILE at that configuration, which allows no direct registry access", () => {
    const destination = /COPY deploy\/docker\/terraformrc (\S+)/.exec(cliConfigCopy ?? "")?.[1];
    expect(env(finalStage).TF_CLI_CONFIG_FILE).toBe(destination);
    expect(cliConfig).not.toMatch(/^\s*direct\s*\{/m);
    expect(cliConfig).not.toMatch(/network_mirror/);
  });

  it("mirrors the provider source and version the broker's stacks require (and the schema the bindings come from)", () => {
    const tf = readFileSync(join(ROOT, "deploy/docker/providers.tf"), "utf8");
    const source = /source\s*=\s*"([^"]+)"/.exec(tf)?.[1];
    const version = /version\s*=\s*"([^"]+)"/.exec(tf)?.[1];
    expect(instructions.join("\n")).toContain("COPY deploy/docker/providers.tf /tmp/providers/providers.tf");
    expect(mirrorLine).toMatch(/^RUN cd \/tmp\/providers /);
    expect(source).toBe("terraform-provider-openstack/openstack");
    expect(readdirSync(join(ROOT, "schema"))).toContain(`openstack-provider-schema-${version}.json`);
    const synth = readFileSync(join(ROOT, "src/synth/synthesize.ts"), "utf8");
    expect(synth).toContain(`source: "${source}", version: "${version}"`);
  });

  describe("terraform with the image's CLI configuration", () => {
    const dir = mkdtempSync(join(tmpdir(), "osb-image-mirror-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("installs openstack 3.4.0 from a mirror laid out as `terraform providers mirror` writes it, and from nowhere else", () => {
      // The image's configuration, with the mirror directory moved here: the only change.
      const mirror = join(dir, "providers");
      const config = join(dir, "terraformrc");
      writeFileSync(config, cliConfig.replace(`"${mirrorPathInConfig}"`, JSON.stringify(mirror)));
      expect(readFileSync(config, "utf8")).not.toBe(cliConfig);
      // Packed layout: HOSTNAME/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip.
      const platform = `linux_${process.arch === "arm64" ? "arm64" : "amd64"}`;
      const packageDir = join(mirror, "registry.terraform.io/terraform-provider-openstack/openstack");
      mkdirSync(packageDir, { recursive: true });
      writeFileSync(
        join(packageDir, `terraform-provider-openstack_3.4.0_${platform}.zip`),
        storedZip("terraform-provider-openstack_v3.4.0", "#!/bin/sh\nexit 1\n"),
      );
      const work = join(dir, "work");
      mkdirSync(work);
      mkdirSync(join(dir, "cache")); // the broker creates TF_PLUGIN_CACHE_DIR before its first run
      writeFileSync(join(work, "main.tf"), readFileSync(join(ROOT, "deploy/docker/providers.tf")));
      const run = spawnSync("terraform", ["init", "-input=false", "-no-color"], {
        cwd: work,
        encoding: "utf8",
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: config,
          TF_PLUGIN_CACHE_DIR: join(dir, "cache"),
          CHECKPOINT_DISABLE: "1",
          TF_IN_AUTOMATION: "1",
        },
        timeout: 60_000,
      });
      const output = `${run.stdout}${run.stderr}`;
      expect(output, output).toContain("Installing terraform-provider-openstack/openstack v3.4.0");
      expect(run.status, output).toBe(0);
      expect(output).not.toMatch(/problems with the CLI configuration/i);
      // Installed through the plugin cache (TF_PLUGIN_CACHE_DIR, as the broker runs terraform).
      expect(readdirSync(join(dir, "cache/registry.terraform.io/terraform-provider-openstack/openstack"))).toEqual([
        "3.4.0",
      ]);
      // The unmodified configuration searches only the image's mirror directory.
      const bare = spawnSync("terraform", ["init", "-input=false", "-no-color"], {
        cwd: join(dir, "work"),
        encoding: "utf8",
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: join(ROOT, "deploy/docker/terraformrc"),
          TF_DATA_DIR: join(dir, "bare"),
          CHECKPOINT_DISABLE: "1",
        },
        timeout: 60_000,
      });
      expect(bare.status).not.toBe(0);
      expect(`${bare.stdout}${bare.stderr}`.replace(/\s+/g, " ")).toContain(`cannot search ${mirrorPathInConfig}`);
    });
  });
});

describe("Dockerfile: the image", () => {
  it("is based on an LTS Node release at least as new as the one the tests run (20)", () => {
    const image = arg("NODE_IMAGE");
    const major = Number(/^node:(\d+)-/.exec(image ?? "")?.[1]);
    expect(major).toBeGreaterThanOrEqual(20);
    expect(major % 2, "even Node majors are the LTS lines").toBe(0);
    expect(finalStage[0]).toBe("FROM ${NODE_IMAGE}");
  });

  it("runs as uid 10001, not root, the uid the Deployment runs as", () => {
    const user = finalStage.filter((l) => /^USER\s/.test(l)).at(-1);
    expect(user).toBe("USER 10001:10001");
    expect(finalStage.join("\n")).toMatch(/useradd --system --uid 10001 --gid 10001/);
    const deployment = load(readFileSync(join(ROOT, "deploy/kubernetes/base/deployment.yaml"), "utf8")) as {
      spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } };
    };
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 });
  });

  it("starts `openstack-broker serve`", () => {
    const entrypoint = JSON.parse(
      finalStage.find((l) => l.startsWith("ENTRYPOINT "))!.slice("ENTRYPOINT ".length),
    ) as string[];
    const cmd = JSON.parse(finalStage.find((l) => l.startsWith("CMD "))!.slice("CMD ".length)) as string[];
    expect([...entrypoint, ...cmd]).toEqual(["node", "/app/bin/openstack-broker.js", "serve"]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(`/app/${pkg.bin["openstack-broker"]}`).toBe(entrypoint[1]);
  });

  it("never simulates unless SIMULATE=true is set explicitly", () => {
    expect(env(finalStage).SIMULATE).toBe("false");
  });

  it("keeps state, work directories, secrets, node_modules, test output and .git out (.dockerignore)", () => {
    const entries = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    for (const entry of [
      ".git",
      "node_modules",
      "gen",
      "state",
      ".work",
      "coverage",
      ".ci/results.json",
      "deploy/kubernetes/overlays/*/secrets",
      "**/terraform.tfvars.json",
      "**/*.tfstate",
    ]) {
      expect(entries, entry).toContain(entry);
    }
  });
});

/** A zip archive holding one executable file, stored (no compression). */
function storedZip(name: string, text: string): Buffer {
  const data = Buffer.from(text);
  const nameBytes = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes hold the mode
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}
