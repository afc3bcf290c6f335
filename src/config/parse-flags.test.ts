import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { parseFlags, suggest } from "./parse-flags.js";

const SPEC = { out: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;

describe("parseFlags", () => {
  it("takes --flag value, --flag=value, switches, -h and positionals; -- ends the flags", () => {
    expect(parseFlags(["a", "--out", "d", "--json", "-h", "--", "--out"], SPEC)).toEqual({
      values: { out: "d", json: true, help: true },
      positionals: ["a", "--out"],
    });
    expect(parseFlags(["--out=--odd", "--json=false"], SPEC).values).toEqual({ out: "--odd", json: "false" });
  });

  it("refuses a value flag without a value, naming it (a following --flag is not a value)", () => {
    expect(() => parseFlags(["--out"], SPEC)).toThrow(new ConfigError("--out needs a value"));
    expect(() => parseFlags(["--out", "--json"], SPEC)).toThrow("--out needs a value");
  });

  it("refuses an unknown flag with the closest known one, or none when nothing is close", () => {
    expect(() => parseFlags(["--jsno"], SPEC)).toThrow("unknown flag --jsno: did you mean --json?");
    expect(() => parseFlags(["--verbose"], SPEC)).toThrow(/^unknown flag --verbose$/);
    expect(() => parseFlags(["-x"], SPEC)).toThrow("unknown flag -x");
    expect(() => parseFlags(["--constructor"], SPEC)).toThrow(/unknown flag --constructor/);
  });

  it("suggest: the nearest name within a third of the letters", () => {
    expect(suggest("concurency", ["concurrency", "catalog-dir"])).toBe("concurrency");
    expect(suggest("stat-dir", ["state-dir", "stacks-dir"])).toBe("state-dir");
    expect(suggest("port", ["preview-concurrency"])).toBeUndefined();
  });
});
