#!/usr/bin/env node
// The ahead-of-time build (issue 16 item 5): compiles every non-test .ts file of src/, stacks/ and
// gen/ to JavaScript in dist/ (same tree, one file per source, no bundling: the built-in stacks and
// the broker share one instance of each module), so `openstack-broker` starts without tsx.
// Run by `npm ci` (prepare), by scripts/ensure-installed.js when dist/ is missing or stale, and by
// `npm run build`. bin/openstack-broker.js runs dist/ only while its manifest matches the sources.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { distDir, EXTRA_INPUTS, fingerprint, FORMAT, MANIFEST, outputOf, SOURCE_DIRS } from "./manifest.js";
import { VENDORED, VENDORED_SUBPATHS, vendorFile, vendorPackage } from "./vendor.js";

const URL_ID = "__osbSourceUrl";
const DIRNAME_ID = "__osbSourceDirname";

async function sourcesUnder(root, dir) {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourcesUnder(root, path);
      const source = entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts");
      return source ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * The compiled module. `import.meta.url` and `import.meta.dirname` are replaced (as expressions, never
 * inside strings) by the SOURCE file's, so paths the code resolves relative to itself (package.json,
 * schema/, the simulator's sources) stay those of the checkout.
 */
async function compile(transform, root, dist, source, vendored) {
  const code = await readFile(join(root, source), "utf8");
  const result = await transform(code, {
    loader: "ts",
    format: "esm",
    target: "node20",
    sourcefile: source,
    define: { "import.meta.url": URL_ID, "import.meta.dirname": DIRNAME_ID },
  });
  const out = outputOf(dist, source);
  const back = relative(dirname(out), join(root, source)).split("\\").join("/");
  let header = "";
  if (result.code.includes(URL_ID) || result.code.includes(DIRNAME_ID))
    header += `const ${URL_ID} = new URL(${JSON.stringify(back)}, import.meta.url).href;\n`;
  if (result.code.includes(DIRNAME_ID))
    header += `const ${DIRNAME_ID} = decodeURIComponent(new URL(".", ${URL_ID}).pathname).replace(/\\/$/, "");\n`;
  // The build imports the vendored packages (one file each). A stack outside the build (tsx) imports
  // node_modules/cdktf: cdktf keeps its registry global (Symbol.for, one token map), so both agree.
  if (!vendored) return { out, code: header + result.code };
  let compiled = result.code;
  for (const name of VENDORED) {
    const file = relative(dirname(out), join(dist, vendorFile(name)))
      .split("\\")
      .join("/");
    const target = ` from ${JSON.stringify(file.startsWith(".") ? file : `./${file}`)};`;
    for (const specifier of [name, ...(VENDORED_SUBPATHS[name] ?? [])])
      compiled = compiled.replaceAll(` from "${specifier}";`, target);
  }
  return { out, code: header + compiled };
}

/** Writes a file atomically (a concurrent start never reads half a module). */
async function writeAtomic(file, text) {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomUUID()}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Builds `root`'s sources into `outDir` (default: distDir(root)) and writes the manifest last.
 * Returns the number of compiled sources. Safe to run while a broker runs from the old build: each
 * file is replaced atomically; the manifest is removed first, so starts meanwhile use tsx.
 */
export async function buildDist({ root, outDir, vendor = true } = {}) {
  const dist = outDir ?? distDir(root);
  const { transform } = await import("esbuild");
  const sources = (await Promise.all(SOURCE_DIRS.map((dir) => sourcesUnder(root, dir)))).flat().sort();
  // MUST fingerprint before reading: a source edited during the build makes the build stale.
  const inputs = {};
  for (const file of [...sources, ...EXTRA_INPUTS]) {
    const print = fingerprint(join(root, file));
    if (print !== undefined) inputs[file] = print;
  }
  await rm(join(dist, MANIFEST), { force: true });
  const outputs = [];
  const queue = [...sources];
  const worker = async () => {
    for (let source = queue.shift(); source !== undefined; source = queue.shift())
      outputs.push(await compile(transform, root, dist, source, vendor));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (vendor)
    for (const name of VENDORED)
      await writeAtomic(join(dist, vendorFile(name)), await vendorPackage(root, join(dist, "vendor"), name));
  for (const { out, code } of outputs) await writeAtomic(out, code);
  // Node reads dist/ as ES modules whatever the package.json above it says.
  await writeAtomic(join(dist, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  await writeAtomic(join(dist, MANIFEST), JSON.stringify({ format: FORMAT, sources, inputs }));
  return sources.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = join(import.meta.dirname, "..", "..");
  if (!(await readdir(join(root, "src")).catch(() => undefined))) {
    // The Docker image's dependency stage runs `npm ci` without the sources; its final stage builds.
    console.error("dist: no src/ here, nothing to build");
  } else {
    const started = performance.now();
    const count = await buildDist({ root });
    console.error(`dist: ${count} modules compiled in ${Math.round(performance.now() - started)} ms`);
  }
}
