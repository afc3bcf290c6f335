#!/usr/bin/env node
// The quick start's first step, run by `npm start` and `npm test` before anything else: on a fresh
// clone (no node_modules) it runs `npm ci` (which also generates the provider bindings in gen/);
// with node_modules but no gen/ it runs `npm run gen`; then, when dist/ (the ahead-of-time build,
// scripts/dist/build.js) is missing or older than the sources, it rebuilds it. Built-ins only until
// then: it runs before any dependency is installed.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const [major] = process.versions.node.split(".").map(Number);
if (major < 20) {
  console.error(`openstack-broker needs Node 20 or later; this is Node ${process.versions.node}`);
  process.exit(1);
}

/** Runs npm with `args` in the repository, inheriting the terminal; exits on failure. */
function npm(args, why) {
  console.error(`== ${why}: npm ${args.join(" ")}`);
  const result = spawnSync("npm", args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(
      `npm ${args.join(" ")} failed (exit ${result.status ?? result.signal}); is the npm registry reachable?`,
    );
    process.exit(result.status ?? 1);
  }
}

const installed = join(root, "node_modules", ".package-lock.json");
if (!existsSync(installed)) npm(["ci", "--no-audit", "--no-fund"], "first run: installing the dependencies");
else if (!existsSync(join(root, "gen", "providers"))) npm(["run", "gen"], "generating the provider bindings");
else if (statSync(join(root, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs + 1000)
  console.error("note: package-lock.json changed since the last install; run `npm ci` to update node_modules");
if (existsSync(join(root, "node_modules", "esbuild"))) {
  const { checkBuild, distDir } = await import("./dist/manifest.js");
  const build = checkBuild(root, distDir(root));
  if (!build.fresh) {
    console.error(`== building dist/ (${build.reason})`);
    const { buildDist } = await import("./dist/build.js");
    await buildDist({ root });
  }
}
