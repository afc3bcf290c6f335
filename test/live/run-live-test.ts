/**
 * `npm run test:live [-- options plans...]`: reads the settings (refusing without OS_CLOUD before
 * anything starts), checks the plan names and the params file, then runs vitest with vitest.live.config.ts, handing the settings over in the
 * environment. docs/live-test.md.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { loadLiveParams } from "./live-params.js";
import { selectPlans } from "./plan-selection.js";
import { LIVE_USAGE, LiveRefusal, readLiveSettings, settingsToEnv, wantsHelp } from "./settings.js";

const ROOT = resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
if (wantsHelp(args)) {
  process.stdout.write(`${LIVE_USAGE}\n`);
  process.exit(0);
}
let settings;
try {
  settings = readLiveSettings(process.env, args);
} catch (error) {
  if (!(error instanceof LiveRefusal)) throw error;
  process.stderr.write(`test:live: ${error.message}\n`);
  process.exit(2);
}
// Names and the params file are checked here too, so a typo costs no vitest start.
try {
  const catalog = await loadCatalog({ catalogDir: settings.catalogDir, stacksDir: settings.stacksDir });
  if (!settings.cleanupDir) selectPlans(catalog.services, settings.plans);
  await loadLiveParams(settings.paramsFile);
} catch (error) {
  process.stderr.write(`test:live: ${(error as Error).message}\n`);
  process.exit(2);
}
const vitest = resolve(ROOT, "node_modules/vitest/vitest.mjs");
const child = spawn(process.execPath, [vitest, "run", "--config", resolve(ROOT, "vitest.live.config.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, ...settingsToEnv(settings) },
});
// Ctrl-C reaches vitest too (same process group); leftovers are then cleaned with --cleanup.
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
