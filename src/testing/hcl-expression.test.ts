import { describe, expect, it } from "vitest";
import { evaluateHcl } from "./hcl-expression.js";

describe("evaluateHcl", () => {
  it("evaluates an expression over variables with real terraform", async () => {
    expect(await evaluateHcl({ expression: "upper(var.a)", variables: { a: "x" } })).toBe("X");
    expect(await evaluateHcl({ expression: "try(var.list[3], null)", variables: { list: [1] } })).toBeNull();
    expect(await evaluateHcl({ expression: "{ n = length(var.m) }", variables: { m: { a: 1, b: 2 } } })).toEqual({
      n: 2,
    });
  });

  it("throws terraform's error for an invalid expression", async () => {
    await expect(evaluateHcl({ expression: "var.missing" })).rejects.toThrow(/undeclared|Reference to undeclared/i);
  });
});
