import { startTestSimulator, type TestSimulator, type TestSimulatorOptions } from "./test-simulator.js";

/** The test runner's suite hooks (vitest's, jest's... passed in: the kit imports no runner). */
export interface SuiteHooks {
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>, timeout?: number): void;
}

/**
 * The simulator set-up every stack test shares: starts a fresh simulator before the suite's tests
 * and stops it (removing its folder) after them. The returned simulator is usable inside the tests
 * of the suite that called it; reading it before `beforeAll` ran throws, naming why.
 *
 * ```ts
 * const simulator = useTestSimulator({ beforeAll, afterAll });
 * it("...", () => checkPlanOnSimulator({ ..., env: simulator.env, cloud: simulator.cloud }));
 * ```
 */
export function useTestSimulator(hooks: SuiteHooks, options: TestSimulatorOptions = {}): TestSimulator {
  let running: TestSimulator | undefined;
  hooks.beforeAll(async () => {
    running = await startTestSimulator(options);
  });
  hooks.afterAll(async () => {
    // MUST stop it even when a test failed: the simulator holds a port and a temporary folder.
    await running?.stop();
    running = undefined;
  });
  const current = (): TestSimulator => {
    if (running === undefined)
      throw new Error(
        "the test simulator is not running: read it inside a test of the suite that called useTestSimulator",
      );
    return running;
  };
  return {
    get env() {
      return current().env;
    },
    get cloud() {
      return current().cloud;
    },
    get dir() {
      return current().dir;
    },
    stop: () => current().stop(),
  };
}
