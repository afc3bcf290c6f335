import { describe, expect, it } from "vitest";
import { parseDuration, utcTimestamp } from "../domain/durations.js";
import type { PlanDefinition } from "../domain/service-catalog.js";
import { BrokerError } from "../domain/errors.js";
import { bindingExpiry, bindingMetadata, isExpired, withExpiry } from "./binding-expiry.js";

const NOW = Date.parse("2030-01-01T00:00:00.750Z");
const plan = (extra: Partial<PlanDefinition> = {}) => ({ name: "p", ...extra }) as PlanDefinition;
const H = 3600_000;

describe("durations and timestamps", () => {
  it("parses days, hours, minutes and seconds; refuses anything else and zero", () => {
    expect(parseDuration("720h")).toBe(720 * H);
    expect(parseDuration("30d")).toBe(720 * H);
    expect(parseDuration("1h30m")).toBe(1.5 * H);
    expect(parseDuration("90s")).toBe(90_000);
    for (const bad of ["", "0h", "1.5h", "h", "1w", "30m1h", " 1h"]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("writes UTC with whole seconds and a literal Z, never an offset", () => {
    expect(utcTimestamp(NOW)).toBe("2030-01-01T00:00:00Z");
    expect(utcTimestamp(new Date("2030-06-30T23:59:59.999+02:00"))).toBe("2030-06-30T21:59:59Z");
  });
});

describe("bindingExpiry", () => {
  it("the plan's lifetime from now; renew_before a fraction (default 0.2) or a duration before it", () => {
    expect(bindingExpiry(plan({ binding_lifetime: "100h" }), undefined, NOW)).toEqual({
      expiresAt: "2030-01-05T04:00:00Z",
      renewBefore: "2030-01-04T08:00:00Z",
    });
    expect(bindingExpiry(plan({ binding_lifetime: "100h", renew_before: 0.5 }), undefined, NOW)?.renewBefore).toBe(
      "2030-01-03T02:00:00Z",
    );
    expect(bindingExpiry(plan({ binding_lifetime: "100h", renew_before: "1d" }), undefined, NOW)?.renewBefore).toBe(
      "2030-01-04T04:00:00Z",
    );
  });

  it("a request's expires_at (any offset) in UTC with Z; 400 in the past or beyond the lifetime", () => {
    expect(bindingExpiry(plan(), "2030-01-02T02:00:00+02:00", NOW)).toEqual({
      expiresAt: "2030-01-02T00:00:00Z",
      renewBefore: "2030-01-01T19:12:00Z",
    });
    expect(() => bindingExpiry(plan(), "2029-12-31T00:00:00Z", NOW)).toThrow(/is not in the future/);
    const late = () => bindingExpiry(plan({ binding_lifetime: "1h" }), "2030-01-01T02:00:00Z", NOW);
    expect(late).toThrow(BrokerError);
    expect(late).toThrow(
      "parameters.expires_at: 2030-01-01T02:00:00Z is later than plan p's binding_lifetime (1h) allows",
    );
  });

  it("no lifetime and no request: never expires, no metadata", () => {
    expect(bindingExpiry(plan(), undefined, NOW)).toBeUndefined();
    expect(bindingMetadata({})).toBeUndefined();
    expect(isExpired({}, NOW)).toBe(false);
  });

  it("only for stacks whose bindings expire: the value terraform receives is the computed expiry", () => {
    const lifetime = plan({ binding_lifetime: "1h" });
    expect(withExpiry({}, lifetime, {}, NOW)).toEqual({ values: {}, expiry: {} });
    const { values, expiry } = withExpiry({ bindingsExpire: true }, lifetime, {}, NOW);
    expect(values).toEqual({ expires_at: "2030-01-01T01:00:00Z" });
    expect(isExpired(expiry, NOW)).toBe(false);
    expect(isExpired(expiry, Date.parse("2030-01-01T01:00:00Z"))).toBe(true);
    expect(bindingMetadata(expiry)).toEqual({
      expires_at: "2030-01-01T01:00:00Z",
      renew_before: "2030-01-01T00:48:00Z",
    });
  });
});
