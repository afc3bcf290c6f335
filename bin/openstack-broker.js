#!/usr/bin/env node
// Runs the ahead-of-time build in dist/ (scripts/dist/build.js) while it matches the sources: one
// stat per source, no tsx. Otherwise (a source edited since the build, or no build) it runs the
// TypeScript sources through tsx, as before, and says so (`serve` always, other commands on a
// terminal): stale code never runs.
// Under the build, tsx is registered only if a stack outside it (a platform engineer's .ts) is loaded.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkBuild, distDir, outputOf } from "../scripts/dist/manifest.js";

const root = join(import.meta.dirname, "..");
const dist = distDir(root);
const build = checkBuild(root, dist);
const load = (file) => import(pathToFileURL(file).href);
let main;
if (build.fresh) {
  const compiled = new Map(build.sources.map((source) => [join(root, source), outputOf(dist, source)]));
  let tsx;
  const { useCompiledModules } = await load(outputOf(dist, "src/catalog/import-stack.ts"));
  useCompiledModules({
    buildId: build.id,
    compiledOf: (file) => compiled.get(file),
    registerTypeScript: async () => {
      tsx ??= import("tsx/esm/api").then(({ register }) => void register());
      await tsx;
    },
  });
  main = await load(outputOf(dist, "src/cli/main.ts"));
} else {
  // `serve` says it always (an operator's log shows why start-up is slow); other commands on a terminal.
  if (process.stderr.isTTY || process.argv[2] === "serve")
    process.stderr.write(
      `openstack-broker: running the sources through tsx (${build.reason}; \`npm run build\` builds dist/)\n`,
    );
  const { register } = await import("tsx/esm/api");
  register();
  main = await import("../src/cli/main.ts");
}
await main.run(process.argv.slice(2));
