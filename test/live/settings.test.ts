import { describe, expect, it } from "vitest";
import { execa } from "execa";
import { join, resolve } from "node:path";
import { LiveRefusal, readLiveSettings, settingsToEnv } from "./settings.js";

const ROOT = resolve(import.meta.dirname, "../..");

describe("live test settings", () => {
  it("refuses without OS_CLOUD (unset or empty), saying what it would do and what it needs", () => {
    for (const env of [{}, { OS_CLOUD: "" }]) {
      expect(() => readLiveSettings(env)).toThrow(LiveRefusal);
      try {
        readLiveSettings(env, ["trove-mysql/small"]);
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toMatch(
          /^refusing to run: OS_CLOUD is not set\. The live test creates real \(billed\) resources/,
        );
        for (const need of [
          "clouds.yaml",
          "TERRAFORM_BIN",
          "terraform-provider-openstack 3.4.0",
          "TF_CLI_CONFIG_FILE",
          "TF_PLUGIN_CACHE_DIR",
          "LIVE_PARAMS_FILE",
          "quota",
        ]) {
          expect(message).toContain(need);
        }
      }
    }
  });

  it("npm run test:live without OS_CLOUD exits 2 with the refusal before starting vitest", async () => {
    const { OS_CLOUD: _unset, ...env } = process.env;
    const result = await execa(process.execPath, ["--import", "tsx", join(ROOT, "test/live/run-live-test.ts")], {
      cwd: ROOT,
      env,
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^test:live: refusing to run: OS_CLOUD is not set/);
    expect(result.stdout).not.toContain("RUN");
  });

  it("reads plans from LIVE_PLANS and the arguments, and the options", () => {
    const s = readLiveSettings(
      {
        OS_CLOUD: "prod",
        LIVE_PLANS: "trove-mysql/small, swift-container",
        LIVE_TIMEOUT_MINUTES: "90",
        LIVE_POLL_SECONDS: "2",
        LIVE_RUN_ID: "live-abc",
      },
      ["--preflight", "--params", "p.yaml", "nova-vm/small,heat-stack"],
    );
    expect(s).toMatchObject({
      cloud: "prod",
      plans: ["trove-mysql/small", "swift-container", "nova-vm/small", "heat-stack"],
      paramsFile: resolve("p.yaml"),
      runId: "live-abc",
      operationTimeoutMs: 90 * 60_000,
      pollIntervalMs: 2000,
      deprovisionAttempts: 3,
      preflightOnly: true,
      acceptSimulator: false,
    });
    expect(s.runDir).toMatch(/osb-live-abc$/);
    expect(readLiveSettings({ OS_CLOUD: "prod" }, ["--cleanup", "/tmp/osb-live-old"]).cleanupDir).toBe(
      "/tmp/osb-live-old",
    );
  });

  it("defaults: every plan, the shipped parameters file, a new run id and directory", () => {
    const s = readLiveSettings({ OS_CLOUD: "prod" });
    expect(s.plans).toEqual([]);
    expect(s.paramsFile).toBe(join(ROOT, "test/live/live-params.yaml"));
    expect(s.runId).toMatch(/^live-[0-9a-f]{6}$/);
    expect(s.runDir).toContain(`osb-${s.runId}`);
    expect(s.preflightOnly).toBe(false);
  });

  it("refuses bad numbers, bad run ids and unknown options, naming them", () => {
    expect(() => readLiveSettings({ OS_CLOUD: "c", LIVE_TIMEOUT_MINUTES: "soon" })).toThrow(
      'LIVE_TIMEOUT_MINUTES must be a positive number, got "soon"',
    );
    expect(() => readLiveSettings({ OS_CLOUD: "c", LIVE_RUN_ID: "Bad.Id" })).toThrow(/LIVE_RUN_ID must be/);
    expect(() => readLiveSettings({ OS_CLOUD: "c" }, ["--keep"])).toThrow(/Unknown option '--keep'/);
  });

  it("hands the settings to the vitest process through the environment unchanged", () => {
    const s = readLiveSettings({ OS_CLOUD: "prod", LIVE_RUN_ID: "live-abc" }, ["--preflight", "trove-mysql/small"]);
    const again = readLiveSettings({ ...settingsToEnv(s) });
    expect(again).toEqual(s);
  });
});
