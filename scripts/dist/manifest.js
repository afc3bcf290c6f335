// The ahead-of-time build's manifest (dist/.build.json): which sources it was built from, with each
// one's size and mtime, so bin/openstack-broker.js can tell cheaply (one stat per source, no reads)
// whether dist/ is still the sources' build. Built-ins only: it runs before anything is loaded.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";

/** The manifest's file name inside the build directory; written last, so its presence means a complete build. */
export const MANIFEST = ".build.json";
/** The manifest format; a build of another format is stale. */
export const FORMAT = 1;
/** What is compiled: every .ts file under these folders but the tests. */
export const SOURCE_DIRS = ["src", "stacks", "gen"];
/** Other inputs whose change makes the build stale (the compiler options, the build itself, data the stacks read). */
// The rules table is read by stacks/resource when it is imported: what it synthesizes depends on it.
export const EXTRA_INPUTS = [
  "tsconfig.json",
  "scripts/dist/build.js",
  "scripts/dist/manifest.js",
  "scripts/dist/vendor.js",
  "schema/openstack-provider-rules-3.4.0.json",
  // Bundled into the build (vendor.js, VENDORED): an install of another version rebuilds it.
  "node_modules/cdktf/package.json",
  "node_modules/execa/package.json",
  "node_modules/prom-client/package.json",
  "node_modules/@grpc/grpc-js/package.json",
];

/** The build directory: BROKER_DIST_DIR (tests) or `<root>/dist`. */
export function distDir(root, env = process.env) {
  const dir = env.BROKER_DIST_DIR;
  if (dir === undefined || dir === "") return join(root, "dist");
  return isAbsolute(dir) ? dir : join(root, dir);
}

/** A source's compiled file: `src/a/b.ts` -> `<dist>/src/a/b.js`. */
export function outputOf(dist, source) {
  return join(dist, source.replace(/\.ts$/, ".js"));
}

/** What the manifest records of a file: [size, mtimeMs]; undefined when it does not exist. */
export function fingerprint(file) {
  try {
    const s = statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return undefined;
  }
}

/**
 * Reads the build in `dist` and checks it against the sources in `root`. Returns
 * `{ fresh: true, sources, id }` (the compiled sources, relative to root; a hash of the manifest) or `{ fresh: false, reason }`
 * naming the first source that changed. MUST stat every recorded input: an edited source must never
 * run from a stale build.
 */
export function checkBuild(root, dist) {
  let manifest;
  let text;
  try {
    text = readFileSync(join(dist, MANIFEST), "utf8");
    manifest = JSON.parse(text);
  } catch {
    return { fresh: false, reason: `no build in ${relative(root, dist) || dist}` };
  }
  if (manifest?.format !== FORMAT || typeof manifest.inputs !== "object")
    return { fresh: false, reason: "the build is of another format" };
  for (const [file, recorded] of Object.entries(manifest.inputs)) {
    const now = fingerprint(join(root, file));
    if (now === undefined) return { fresh: false, reason: `${file} was removed` };
    if (now[0] !== recorded[0] || now[1] !== recorded[1]) return { fresh: false, reason: `${file} changed` };
  }
  // The build's identity: what a verdict kept about its code (src/catalog/verdict-cache.ts) is keyed by.
  const id = createHash("sha256").update(text).digest("hex").slice(0, 32);
  return { fresh: true, sources: manifest.sources, id };
}
