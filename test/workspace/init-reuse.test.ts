import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createStateBackend } from "../../src/http/state-backend.js";
import { createMemoryStore } from "../../src/state/memory-store.js";
import { keys } from "../../src/state/keys.js";
import { createTerraformRunner } from "../../src/terraform/runner.js";
import type { TerraformRunner } from "../../src/terraform/types.js";
import { loadCatalogEntry } from "../../src/testing/catalog-entry.js";
import { createRunCredentialIssuer } from "../../src/workspace/run-credentials.js";
import { INIT_CACHE_DIR } from "../../src/workspace/init-cache.js";
import { createWorkspaceRunner, type RunLog } from "../../src/workspace/workspace-runner.js";
import { ROOT } from "../helpers/broker-fixture.js";

/**
 * `terraform init` once per kind of stack (src/workspace/init-cache.ts), with real terraform and the
 * broker's http state backend: the second workspace of a kind gets the first one's initialised
 * directory and skips init; a template that no longer works is noticed and replaced.
 */
describe("initialised working directories are reused", () => {
  let dir: string;
  let server: ServerType;
  let url: string;
  const store = createMemoryStore();
  const credentials = createRunCredentialIssuer();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "init-reuse-"));
    server = serve({ fetch: createStateBackend({ store, credentials }).fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The real runner, counting its inits. */
  function countingRunner(): TerraformRunner & { inits: number } {
    const real = createTerraformRunner({ pluginCacheDir: join(dir, "plugins") });
    const counting = { ...real, inits: 0 };
    counting.init = (opts) => {
      counting.inits++;
      return real.init(opts);
    };
    return counting;
  }

  /** One workspace runner (as a broker has), and the apply / destroy of an instance `instanceId`. */
  async function broker(workDir: string, runner: TerraformRunner) {
    const { definition, service, plan } = await loadCatalogEntry("terraform-test", "default", {
      catalogDir: join(ROOT, "test/fixtures/catalog"),
    });
    const workspaces = createWorkspaceRunner({
      runner,
      workDir,
      stateBackendUrl: () => url,
      credentials,
      readState: (ref) => store.get(keys.tfstate(ref)),
    });
    const log: RunLog = { event: () => undefined, broker: () => undefined };
    const run = (instanceId: string, action: "apply" | "destroy") =>
      workspaces.run({
        synth: { definition, service, plan, kind: "instance", values: { message: instanceId }, instanceId },
        ref: { instanceId },
        action,
        signal: new AbortController().signal,
        deadline: Date.now() + 60_000,
        log,
        onProgress: () => undefined,
      });
    return { apply: (id: string) => run(id, "apply"), destroy: (id: string) => run(id, "destroy") };
  }

  it("inits once for many workspaces of one kind; every apply and destroy goes through the http backend", async () => {
    const workDir = join(dir, "work-1");
    const runner = countingRunner();
    const stacks = await broker(workDir, runner);
    for (const id of ["a", "b", "c"]) {
      const applied = await stacks.apply(id);
      expect(applied.outputs.message).toMatchObject({ value: id });
      expect(await store.get(keys.tfstate({ instanceId: id }))).toBeDefined();
    }
    for (const id of ["a", "b", "c"]) await stacks.destroy(id);
    expect(runner.inits).toBe(1);
    const state = JSON.parse(new TextDecoder().decode(await store.get(keys.tfstate({ instanceId: "b" }))));
    expect(state.resources.filter((r: { mode: string }) => r.mode === "managed")).toEqual([]);
    expect(await readdir(join(workDir, INIT_CACHE_DIR))).toHaveLength(1);
  });

  it("a template that no longer works (its .terraform removed) is replaced by a new init, the run succeeds", async () => {
    const workDir = join(dir, "work-2");
    const runner = countingRunner();
    const stacks = await broker(workDir, runner);
    await stacks.apply("d");
    const [template] = await readdir(join(workDir, INIT_CACHE_DIR));
    await rm(join(workDir, INIT_CACHE_DIR, template, ".terraform"), { recursive: true, force: true });
    const applied = await stacks.apply("e");
    expect(applied.outputs.message).toMatchObject({ value: "e" });
    expect(runner.inits).toBe(2);
    await stacks.apply("f");
    expect(runner.inits).toBe(2);
  });

  it("a failed init is not kept: the next workspace inits again", async () => {
    const workDir = join(dir, "work-3");
    const runner = countingRunner();
    const real = runner.init;
    let failOnce = true;
    runner.init = async (opts) => {
      if (failOnce) {
        failOnce = false;
        runner.inits++;
        throw new Error("init failed (injected)");
      }
      return real(opts);
    };
    const stacks = await broker(workDir, runner);
    await expect(stacks.apply("g")).rejects.toThrow(/injected/);
    await stacks.apply("g");
    expect(runner.inits).toBe(2);
  });
});
