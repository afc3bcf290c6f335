import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createCatalogTestDirs, testPlan, testService, type CatalogTestDirs } from "../helpers/catalog-test-dirs.js";
import { ROOT, startTestBroker } from "../helpers/broker-fixture.js";

let dirs: CatalogTestDirs | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await dirs?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  dirs = scratch = undefined;
});

/** Starting must fail with `message`, before listening and without creating any state. */
async function refusesToStart(env: Record<string, string>, message: RegExp, createsNothing = true) {
  scratch = await mkdtemp(join(tmpdir(), "startup-"));
  await expect(startTestBroker({ dir: scratch, env })).rejects.toThrow(message);
  if (createsNothing) expect(await readdir(scratch)).not.toContain("state");
}

describe("start-up checks, before the broker listens", () => {
  it("a missing terraform binary is a clear error naming TERRAFORM_BIN", async () => {
    await refusesToStart(
      { TERRAFORM_BIN: "/nonexistent/terraform" },
      /terraform is not usable \(TERRAFORM_BIN=\/nonexistent\/terraform\)/,
    );
  });

  it("an unknown SIMULATOR_MODE is a clear error naming it", async () => {
    await refusesToStart(
      { SIMULATOR_MODE: "fast" },
      /SIMULATOR_MODE \(--simulator-mode\) must be "reattach" or "launched", got "fast"/,
    );
  });

  it("the launched simulator with a cloud name but no clouds.yaml is refused (terraform's provider would fail every run)", async () => {
    await refusesToStart(
      { CATALOG_DIR: join(ROOT, "catalog"), SIMULATE: "true", SIMULATOR_MODE: "launched", DEFAULT_CLOUD: "nowhere" },
      /DEFAULT_CLOUD \(or OS_CLOUD\) names the cloud "nowhere" but no clouds.yaml was found \(set OS_CLIENT_CONFIG_FILE; the launched simulator/,
    );
  });

  it("an unreadable catalog directory is a clear error naming it", async () => {
    await refusesToStart({ CATALOG_DIR: "/nonexistent/catalog" }, /\/nonexistent\/catalog/);
  });

  it("a construct that throws for a plan names the catalog file, the plan and the construct's file", async () => {
    dirs = await createCatalogTestDirs({
      files: { "broken.yaml": { services: [testService({ plans: [testPlan({ credentials: [] })] })] } },
      stacks: {
        "test-stack": `export default { instance: () => { throw new Error("settings.flavor is required"); } };\n`,
      },
    });
    await refusesToStart(
      { CATALOG_DIR: dirs.catalogDir, STACKS_DIR: dirs.stacksDir },
      /broken\.yaml: services\[0\]\.plans\[0\]: \(plan small\) .*test-stack\/index\.ts: the instance stack does not synthesize: settings\.flavor is required/,
    );
  });
});

describe("the listen port", () => {
  it("a port in use is a clear error naming it and PORT", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await refusesToStart({ PORT: String(port) }, new RegExp(`port ${port} on 127.0.0.1 is in use: set PORT`), false);
    } finally {
      blocker.close();
    }
  });
});
