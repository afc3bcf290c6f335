import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestSimulator } from "./simulator-hooks.js";

describe("useTestSimulator", () => {
  const simulator = useTestSimulator({ beforeAll, afterAll });

  it("starts a simulator for the suite: its env reattaches terraform, its cloud is empty", async () => {
    expect(simulator.env.TF_REATTACH_PROVIDERS).toContain("openstack");
    expect(await simulator.cloud.list()).toEqual([]);
  });

  it("refuses to be read outside the suite's tests, saying why", () => {
    const unused = useTestSimulator({ beforeAll: () => {}, afterAll: () => {} });
    expect(() => unused.env).toThrow(/the test simulator is not running: read it inside a test of the suite/);
  });
});
