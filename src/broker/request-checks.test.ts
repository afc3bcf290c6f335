import { describe, expect, it } from "vitest";
import { ParameterError } from "../catalog/parameters.js";
import { CloudRoutingError } from "../cloud/cloud-routing.js";
import { BrokerError } from "../domain/errors.js";
import { refusedAsBadRequest } from "./request-checks.js";

/** What `refusedAsBadRequest` makes of an error thrown by the check. */
function mapped(error: Error): unknown {
  try {
    refusedAsBadRequest(() => {
      throw error;
    });
  } catch (thrown) {
    return thrown;
  }
  throw new Error("expected a throw");
}

describe("refusedAsBadRequest", () => {
  it("returns the check's result", () => {
    expect(refusedAsBadRequest(() => 42)).toBe(42);
  });

  it("answers the catalog's and cloud routing's refusals as the OSB 400 with their text", () => {
    for (const error of [
      new ParameterError("parameters.size: must be integer"),
      new CloudRoutingError("parameters.cloud: must be a string"),
    ]) {
      const thrown = mapped(error);
      expect(thrown).toBeInstanceOf(BrokerError);
      expect(thrown).toMatchObject({ status: 400, description: error.message, code: undefined, emptyBody: false });
    }
  });

  it("passes any other error through unchanged", () => {
    const other = new Error("disk full");
    expect(mapped(other)).toBe(other);
    const refusal = new BrokerError(422, "refused");
    expect(mapped(refusal)).toBe(refusal);
  });
});
