import { defineConfig } from "vitest/config";

/**
 * `npm run test:live` (test/live/run-live-test.ts starts vitest with this config): the live test
 * against a real OpenStack cloud (docs/live-test.md). Only `*.live.ts` files: `npm test`
 * (vitest.config.ts, `*.test.ts`) never runs them, and this config runs nothing else.
 */
export default defineConfig({
  test: {
    include: ["test/live/**/*.live.ts"],
    // One plan at a time, in order; a Trove or Magnum plan takes many minutes on a real cloud.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 6 * 3600_000,
    hookTimeout: 3600_000,
    pool: "forks",
    reporters: ["verbose"],
  },
});
