import { beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { BrokerError } from "../domain/errors.js";
import type { Catalog } from "./catalog.js";
import { loadCatalog } from "./load-catalog.js";
import { ParameterError, resolveParameters } from "./parameters.js";
import { refusedAsBadRequest } from "../broker/request-checks.js";

const catalogDir = fileURLToPath(new URL("../../test/fixtures/catalog", import.meta.url));
const stacksDir = fileURLToPath(new URL("../../stacks", import.meta.url));

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog({ catalogDir, stacksDir });
});

/** The 400's description (the ParameterError as the broker answers it), failing when no 400 is thrown. */
function rejection(run: () => unknown): string {
  try {
    refusedAsBadRequest(run);
  } catch (error) {
    expect(run).toThrow(ParameterError);
    expect((error as BrokerError).status).toBe(400);
    return (error as BrokerError).description;
  }
  throw new Error("expected a 400");
}

describe("test/fixtures/catalog with the project's stacks", () => {
  it("loads the terraform-test stack for both plans", () => {
    const plan = catalog.findPlan("terraform-test", "default")!;
    const other = catalog.findPlan("terraform-test", "other")!;
    expect(typeof catalog.stackFor(plan).instance).toBe("function");
    expect(catalog.stackFor(other)).toBe(catalog.stackFor(plan));
  });

  it("validates the test service's parameters", () => {
    const plan = catalog.findPlan("terraform-test", "default")!;
    expect(resolveParameters({ plan, action: "create", given: { fail_on: "apply" } }).values).toEqual({
      message: "hello",
      sleep_seconds: 0,
      fail_after_first: false,
      fail_on: "apply",
    });
    expect(
      rejection(() =>
        resolveParameters({ plan, action: "create", given: { sleep_seconds: 601, fail_on: "boot" } }),
      ).split("; "),
    ).toEqual([
      "parameters.sleep_seconds: must be <= 600",
      'parameters.fail_on: must be one of "apply", "destroy", "bind"',
    ]);
    expect(rejection(() => resolveParameters({ plan, action: "create", given: { message: "x".repeat(4097) } }))).toBe(
      "parameters.message: must NOT have more than 4096 characters",
    );
    expect(resolveParameters({ plan, action: "bind", given: { message: "mine" } }).values).toEqual({ message: "mine" });
    expect(rejection(() => resolveParameters({ plan, action: "bind", given: { sleep_seconds: 1 } }))).toBe(
      "parameters.sleep_seconds: is not allowed by the schema",
    );
  });

  it('keeps ${file("/etc/passwd")} as a plain string and accepts allow_replace on update', () => {
    const plan = catalog.findPlan("terraform-test", "other")!;
    const literal = '${file("/etc/passwd")}';
    const created = resolveParameters({ plan, action: "create", given: { message: literal } });
    expect(created.values.message).toBe(literal);
    const updated = resolveParameters({
      plan,
      action: "update",
      given: { sleep_seconds: 2, allow_replace: true },
      previous: created.values,
    });
    expect(updated).toEqual({
      values: { message: literal, sleep_seconds: 2, fail_after_first: false },
      allowReplace: true,
    });
  });
});
