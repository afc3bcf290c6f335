import { describe, expect, it } from "vitest";
import { BrokerError } from "../domain/errors.js";
import { ParameterError, resolveParameters } from "./parameters.js";
import { refusedAsBadRequest } from "../broker/request-checks.js";
import type { PlanDefinition } from "../domain/service-catalog.js";

const schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    message: { type: "string", maxLength: 10 },
    sleep_seconds: { type: "integer", minimum: 0, maximum: 600 },
    fail_on: { type: "string", enum: ["apply", "destroy", "bind"] },
    email: { type: "string", format: "email" },
    nested: { type: "object", properties: { items: { type: "array", items: { type: "integer" } } } },
    size: { type: "integer" },
  },
  required: ["size"],
};
const plan: PlanDefinition = {
  id: "p1",
  name: "default",
  description: "d",
  stack: "s",
  settings: {},
  credentials: [],
  source: "catalog/x.yaml",
  defaults: { message: "hello", sleep_seconds: 0, size: 1 },
  schemas: {
    create: schema,
    update: schema,
    bind: { type: "object", properties: { role: { type: "string" } }, additionalProperties: false },
  },
};
const bare: PlanDefinition = { ...plan, name: "bare", schemas: {}, defaults: { a: 1 } };

/** The 400's description (the ParameterError as the broker answers it), failing when no 400 is thrown. */
function rejection(run: () => unknown): string {
  try {
    refusedAsBadRequest(run);
  } catch (error) {
    expect(run).toThrow(ParameterError);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).status).toBe(400);
    return (error as BrokerError).description;
  }
  throw new Error("expected a 400");
}

describe("resolveParameters", () => {
  it("merges plan defaults <- given on create", () => {
    expect(resolveParameters({ plan, action: "create", given: { message: "hi", fail_on: "apply" } })).toEqual({
      values: { message: "hi", sleep_seconds: 0, size: 1, fail_on: "apply" },
      allowReplace: false,
    });
    expect(resolveParameters({ plan, action: "create" }).values).toEqual({
      message: "hello",
      sleep_seconds: 0,
      size: 1,
    });
    expect(resolveParameters({ plan, action: "create", given: null }).values).toEqual({
      message: "hello",
      sleep_seconds: 0,
      size: 1,
    });
  });

  it("merges plan defaults <- previous <- given on update", () => {
    const previous = { message: "before", sleep_seconds: 5, size: 2 };
    expect(resolveParameters({ plan, action: "update", given: { sleep_seconds: 7 }, previous }).values).toEqual({
      message: "before",
      sleep_seconds: 7,
      size: 2,
    });
    expect(resolveParameters({ plan, action: "create", given: {}, previous }).values.message).toBe("hello");
  });

  it("names each failing parameter", () => {
    const message = rejection(() =>
      resolveParameters({
        plan,
        action: "create",
        given: {
          sleep_seconds: 601,
          message: "x".repeat(11),
          fail_on: "boot",
          colour: "red",
          email: "nope",
          nested: { items: [1, "a"] },
        },
      }),
    );
    expect(message.split("; ")).toEqual(
      expect.arrayContaining([
        "parameters.sleep_seconds: must be <= 600",
        "parameters.message: must NOT have more than 10 characters",
        'parameters.fail_on: must be one of "apply", "destroy", "bind"',
        "parameters.colour: is not allowed by the schema",
        'parameters.email: must match format "email"',
        "parameters.nested.items[1]: must be integer",
      ]),
    );
    expect(message.split("; ")).toHaveLength(6);
    expect(rejection(() => resolveParameters({ plan, action: "create", given: { sleep_seconds: "5" } }))).toBe(
      "parameters.sleep_seconds: must be integer",
    );
  });

  it("lets defaults (and previous values) satisfy required properties", () => {
    const noDefault: PlanDefinition = { ...plan, defaults: {} };
    expect(rejection(() => resolveParameters({ plan: noDefault, action: "create", given: {} }))).toBe(
      "parameters.size: is required",
    );
    expect(resolveParameters({ plan: noDefault, action: "create", given: { size: 3 } }).values).toEqual({ size: 3 });
    expect(resolveParameters({ plan: noDefault, action: "update", given: {}, previous: { size: 3 } }).values).toEqual({
      size: 3,
    });
  });

  it("refuses parameters that are not an object", () => {
    expect(rejection(() => resolveParameters({ plan, action: "create", given: [1] }))).toBe(
      "parameters must be a JSON object",
    );
    expect(rejection(() => resolveParameters({ plan, action: "create", given: "x" }))).toBe(
      "parameters must be a JSON object",
    );
  });

  it("refuses any parameter when the plan has no schema for the action", () => {
    expect(rejection(() => resolveParameters({ plan: bare, action: "create", given: { a: 2, b: 3 } }))).toBe(
      "plan bare accepts no parameters for create (got parameters.a, parameters.b)",
    );
    expect(rejection(() => resolveParameters({ plan: bare, action: "bind", given: { a: 2 } }))).toMatch(
      /^plan bare accepts no parameters for bind/,
    );
    expect(resolveParameters({ plan: bare, action: "create", given: {} }).values).toEqual({ a: 1 });
  });

  it("validates bind parameters against the bind schema, without the plan (instance) defaults", () => {
    expect(resolveParameters({ plan, action: "bind", given: { role: "ro" } }).values).toEqual({ role: "ro" });
    expect(resolveParameters({ plan, action: "bind" }).values).toEqual({});
    expect(rejection(() => resolveParameters({ plan, action: "bind", given: { sleep_seconds: 1 } }))).toBe(
      "parameters.sleep_seconds: is not allowed by the schema",
    );
  });

  it("accepts allow_replace on update only, for every plan, and returns it apart", () => {
    const result = resolveParameters({
      plan,
      action: "update",
      given: { allow_replace: true, size: 4 },
      previous: { size: 2, allow_replace: true },
    });
    expect(result).toEqual({ values: { message: "hello", sleep_seconds: 0, size: 4 }, allowReplace: true });
    expect(resolveParameters({ plan: bare, action: "update", given: { allow_replace: false } })).toEqual({
      values: { a: 1 },
      allowReplace: false,
    });
    expect(rejection(() => resolveParameters({ plan, action: "update", given: { allow_replace: "yes" } }))).toBe(
      "parameters.allow_replace: must be boolean",
    );
    expect(rejection(() => resolveParameters({ plan, action: "create", given: { allow_replace: true } }))).toBe(
      "parameters.allow_replace: is only accepted on update",
    );
    expect(rejection(() => resolveParameters({ plan, action: "bind", given: { allow_replace: true } }))).toBe(
      "parameters.allow_replace: is only accepted on update",
    );
  });

  it("passes ${...} through as a plain string", () => {
    const literal = '${file("/etc/passwd")}';
    const wide: PlanDefinition = {
      ...plan,
      schemas: { create: { type: "object", properties: { message: { type: "string" } } } },
    };
    const { values } = resolveParameters({
      plan: wide,
      action: "create",
      given: { message: literal, tpl: "%{ if true }x%{ endif }" },
    });
    expect(values.message).toBe(literal);
    expect(values.tpl).toBe("%{ if true }x%{ endif }");
  });

  it("does not modify the plan's defaults or the given object", () => {
    const given = { message: "hi", allow_replace: true };
    resolveParameters({ plan, action: "update", given });
    expect(given).toEqual({ message: "hi", allow_replace: true });
    expect(plan.defaults).toEqual({ message: "hello", sleep_seconds: 0, size: 1 });
  });
});
