import { expect, test } from "vitest";
import { expectedOutcome, ORDER_DEPENDENT, updatedEntries, UNREVIEWED } from "./expectations.js";

test("an entry not listed is expected to pass", () => {
  expect(expectedOutcome({ a: { outcome: "plan", reason: "r" } }, "a")).toBe("plan");
  expect(expectedOutcome({}, "b")).toBe("passed");
});

test("an update keeps a reviewed reason while the outcome is unchanged, and asks for a new one otherwise", () => {
  const previous = {
    same: { outcome: "apply", reason: "reviewed" },
    changed: { outcome: "plan", reason: "old reason" },
    fixed: { outcome: "check", reason: "was broken" },
  };
  const observed = new Map([
    ["same", { outcome: "apply", error: "Error: x" }],
    ["changed", { outcome: "apply", error: "Error: y" }],
    ["fixed", { outcome: "passed" }],
    ["new", { outcome: "destroy", error: "Error: z" }],
  ]);
  expect(updatedEntries(previous, observed)).toEqual({
    changed: { outcome: "apply", reason: `${UNREVIEWED}: Error: y`, error: "Error: y" },
    new: { outcome: "destroy", reason: `${UNREVIEWED}: Error: z`, error: "Error: z" },
    same: { outcome: "apply", reason: "reviewed", error: "Error: x" },
  });
});

test("an update keeps the order-dependent entries, which do not run", () => {
  const previous = { racy: { outcome: ORDER_DEPENDENT, reason: "reviewed" } };
  expect(updatedEntries(previous, new Map())).toEqual({ racy: { outcome: ORDER_DEPENDENT, reason: "reviewed" } });
});
