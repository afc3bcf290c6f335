import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDist } from "./build.js";
import { checkBuild, MANIFEST } from "./manifest.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "openstack-broker.js");
const run = promisify(execFile);
const version = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).version as string;

/** Runs the real bin with the build in `dist` (BROKER_DIST_DIR); returns stdout. */
async function broker(dist: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, BROKER_DIST_DIR: dist, LOG_LEVEL: "silent", ...env },
  });
  return stdout;
}

describe("the ahead-of-time build (scripts/dist)", () => {
  let dir: string;
  let dist: string;
  beforeAll(async () => {
    // Inside the checkout (git-ignored .work/): the build resolves cdktf & co. from node_modules.
    await mkdir(join(ROOT, ".work"), { recursive: true });
    dir = await mkdtemp(join(ROOT, ".work", "dist-build-"));
    dist = join(dir, "dist");
    await buildDist({ root: ROOT, outDir: dist });
    // Marks the build's copy of version(): what --version prints tells which code ran.
    const file = join(dist, "src/cli/version.js");
    const code = await readFile(file, "utf8");
    expect(code).toContain("return pkg.version;");
    await writeFile(file, code.replace("return pkg.version;", 'return "from-the-build";'));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("compiles every source with import.meta pointing at the source file", async () => {
    expect(checkBuild(ROOT, dist)).toMatchObject({ fresh: true });
    // Paths a module resolves from import.meta stay the checkout's (package.json, schema/, proto/).
    const assets = await import(pathToFileURL(join(dist, "src/simulator/assets.js")).href);
    expect(assets.projectRoot()).toBe(ROOT);
    const scaffold = await readFile(join(dist, "src/cli/commands/service-scaffold.js"), "utf8");
    expect(scaffold).toContain("join(import.meta.dirname,"); // inside the generated test's text: kept
    // A test file is not compiled; a stack and a provider binding are.
    expect(existsSync(join(dist, "src/cli/serve-banner.test.js"))).toBe(false);
    expect(existsSync(join(dist, "stacks/terraform-test/index.js"))).toBe(true);
  });

  it("vendors cdktf as one module that still zips an archive asset (its private/fs stays node_modules')", async () => {
    const cdktf = await import(pathToFileURL(join(dist, "vendor/cdktf.js")).href);
    const assets = join(dir, "asset");
    await mkdir(join(assets, "src"), { recursive: true });
    await writeFile(join(assets, "src/a.txt"), "a\n");
    const app = new cdktf.App({ outdir: join(assets, "out") });
    const stack = new cdktf.TerraformStack(app, "s");
    new cdktf.TerraformAsset(stack, "a", { path: join(assets, "src"), type: cdktf.AssetType.ARCHIVE });
    app.synth();
    const files = (await readdir(join(assets, "out"), { recursive: true })) as string[];
    expect(files.filter((f) => f.endsWith("archive.zip"))).toHaveLength(1);
    // Packages that read their __dirname at run time get their own (grpc-js's protos).
    const grpc = await readFile(join(dist, "vendor/@grpc__grpc-js.js"), "utf8");
    expect(grpc).toContain("node_modules/@grpc/grpc-js/build/src/index.js");
  });

  it("bin runs the build while it matches the sources", async () => {
    expect(await broker(dist, ["--version"])).toBe("openstack-broker from-the-build\n");
  });

  it("bin runs the sources through tsx once a source changed since the build", async () => {
    const stale = join(dir, "stale");
    await cp(dist, stale, { recursive: true });
    const manifest = JSON.parse(await readFile(join(stale, MANIFEST), "utf8"));
    manifest.inputs["src/cli/version.ts"][1] -= 1000; // as if version.ts had been saved after the build
    await writeFile(join(stale, MANIFEST), JSON.stringify(manifest));
    expect(checkBuild(ROOT, stale)).toEqual({ fresh: false, reason: "src/cli/version.ts changed" });
    expect(await broker(stale, ["--version"])).toBe(`openstack-broker ${version}\n`);
    // No build at all: the sources too.
    expect(await broker(join(dir, "none"), ["--version"])).toBe(`openstack-broker ${version}\n`);
    // Off a terminal only `serve` says so (an operator's log shows why it started slowly).
    const said = async (args: string[]) =>
      (
        await run(process.execPath, [BIN, ...args], {
          cwd: ROOT,
          env: { ...process.env, BROKER_DIST_DIR: stale, LOG_LEVEL: "silent" },
        })
      ).stderr;
    expect(await said(["--version"])).toBe("");
    expect(await said(["serve", "--help"])).toContain(
      "running the sources through tsx (src/cli/version.ts changed; `npm run build` builds dist/)",
    );
  }, 60_000);

  it("a platform engineer's TypeScript stack outside the build still loads (tsx registered for it)", async () => {
    // Inside the checkout (for cdktf's resolution), but not in the build: .work/ is git-ignored.
    const stacks = join(ROOT, ".work", `dist-test-${process.pid}`, "stacks");
    const stack = join(stacks, "terraform-test");
    await mkdir(stack, { recursive: true });
    try {
      const src = relative(stack, join(ROOT, "src"));
      for (const name of ["index.ts", "terraform-data.ts"]) {
        const code = await readFile(join(ROOT, "stacks/terraform-test", name), "utf8");
        await writeFile(join(stack, name), code.replaceAll('"../../src/', `"${src}/`));
      }
      const marker = join(dir, "user-stack-loaded");
      // TypeScript only (a type annotation): node could not import it without tsx.
      await writeFile(
        join(stack, "index.ts"),
        `import { writeFileSync } from "node:fs";\nconst loaded: string = "user";\nwriteFileSync(${JSON.stringify(marker)}, loaded);\n${await readFile(join(stack, "index.ts"), "utf8")}`,
      );
      const out = await broker(dist, ["catalog", "validate", "--json"], {
        CATALOG_DIR: join(ROOT, "test/fixtures/catalog"),
        STACKS_DIR: stacks,
      });
      expect(JSON.parse(out)).toMatchObject({ valid: true });
      expect(await readFile(marker, "utf8")).toBe("user");
    } finally {
      await rm(join(stacks, ".."), { recursive: true, force: true });
    }
  }, 60_000);

  it("a build is stale when a source is edited, removed or the manifest is of another format", async () => {
    const root = join(dir, "project");
    await mkdir(join(root, "src"), { recursive: true });
    await writeFile(join(root, "src/a.ts"), "export const a: number = 1;\n");
    await writeFile(join(root, "src/b.ts"), 'export { a } from "./a.js";\n');
    const out = join(root, "dist");
    await buildDist({ root, outDir: out });
    expect(checkBuild(root, out)).toMatchObject({ fresh: true, sources: ["src/a.ts", "src/b.ts"] });
    expect(await readFile(join(out, "src/a.js"), "utf8")).toBe("const a = 1;\nexport {\n  a\n};\n");
    await writeFile(join(root, "src/a.ts"), "export const a: number = 22;\n");
    expect(checkBuild(root, out)).toEqual({ fresh: false, reason: "src/a.ts changed" });
    await buildDist({ root, outDir: out });
    expect(checkBuild(root, out)).toMatchObject({ fresh: true });
    await rm(join(root, "src/b.ts"));
    expect(checkBuild(root, out)).toEqual({ fresh: false, reason: "src/b.ts was removed" });
    await writeFile(join(out, MANIFEST), JSON.stringify({ format: 0, inputs: {} }));
    expect(checkBuild(root, out)).toEqual({ fresh: false, reason: "the build is of another format" });
  });
});
