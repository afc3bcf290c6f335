import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it, expect } from "vitest";
import { startSimulator } from "../simulator/index.js";
import { runServiceLifecycle } from "./service-lifecycle.js";
it("probe", async () => {
  const sim = await startSimulator({ stateDir: await mkdtemp(join(tmpdir(), "sim-")) });
  try {
    const r = await runServiceLifecycle({ service: "trove-mysql", plan: "small", env: sim.env, onBound: async (c) => { console.log("bound", c, (await sim.cloud.list()).map(r => r.type)); } });
    console.log(JSON.stringify(r, null, 1));
    console.log((await sim.cloud.list()).length);
  } finally { await sim.stop(); }
}, 60000);
