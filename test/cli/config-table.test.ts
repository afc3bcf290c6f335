import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_OPTIONS, flagName, optionsFor, renderConfigTable } from "../../src/config/options.js";
import { findConfigTable } from "../../src/config/readme-table.js";
import { ROOT, runCli } from "./cli-harness.js";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Variable names a file reads: `source.X`, `env.X`, `integer(source, "X"`. */
function variablesRead(path: string): string[] {
  const text = read(path);
  const names = [
    ...text.matchAll(/\b(?:source|env)\.([A-Z][A-Z0-9_]+)\b/g),
    ...text.matchAll(/\(source, "([A-Z][A-Z0-9_]+)"/g),
  ].map((m) => m[1]);
  return [...new Set(names)];
}

describe("the option table (src/config/options.ts)", () => {
  it("is the README's configuration table, row for row (npm run gen:config-table rewrites it)", () => {
    const readme = read("README.md");
    const { start, end } = findConfigTable(readme);
    expect(readme.slice(start, end)).toBe(renderConfigTable());
  });

  it("has a row for every variable the configuration, the store and the runtime read", () => {
    const known = new Set(CONFIG_OPTIONS.map((o) => o.env));
    const files = [
      "src/config/load-config.ts",
      "src/state/create-store-from-config.ts",
      "src/state/crypto/keyring.ts",
      "src/runtime/open-store.ts",
    ];
    const read = files.flatMap((f) => variablesRead(f).map((v) => `${f}: ${v}`));
    expect(read.length).toBeGreaterThan(20);
    // HOME is the operating system's (where ~/.config/openstack is), not the broker's configuration.
    const system = new Set(["HOME"]);
    const variable = (entry: string) => entry.split(": ")[1];
    expect(read.filter((entry) => !known.has(variable(entry)) && !system.has(variable(entry)))).toEqual([]);
  });

  it("is behind serve --help (every flag) and the commands' --help (the shared ones)", async () => {
    const serve = await runCli(["serve", "--help"]);
    expect(serve.code).toBe(0);
    for (const o of optionsFor("serve")) expect(serve.stdout).toContain(`--${flagName(o)}`);
    expect(serve.stdout).not.toContain("--broker-password");
    const plan = await runCli(["plan", "-h"]);
    expect(plan.code).toBe(0);
    for (const o of optionsFor("tool")) expect(plan.stdout).toContain(`--${flagName(o)}`);
    expect(plan.stdout).not.toContain("--port");
  });
});
