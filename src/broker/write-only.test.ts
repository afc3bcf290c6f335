import { describe, expect, it } from "vitest";
import type { ServiceOffering } from "../domain/service-catalog.js";
import { withoutWriteOnly, writeOnlyNames } from "./write-only.js";

const secret = { type: "string", writeOnly: true };
const service = {
  id: "s",
  plans: [
    {
      id: "p",
      schemas: {
        create: { type: "object", properties: { private_key: secret, name: { type: "string" } } },
        update: { type: "object", properties: { password: secret } },
        bind: { type: "object", properties: { token: secret, role: { type: "string" } } },
      },
    },
  ],
} as unknown as ServiceOffering;
const ids = { serviceId: "s", planId: "p" };

describe("writeOnly parameters are never handed back", () => {
  it("names the writeOnly properties of the given schemas", () => {
    expect([...writeOnlyNames([service.plans[0].schemas.create, undefined])]).toEqual(["private_key"]);
  });

  it("drops create and update writeOnly values from an instance's parameters, bind ones from a binding's", () => {
    const parameters = { private_key: "-----BEGIN PRIVATE KEY-----", password: "pw", name: "n", token: "t" };
    expect(withoutWriteOnly(parameters, [service], ids, "instance")).toEqual({ name: "n", token: "t" });
    expect(withoutWriteOnly({ token: "t", role: "r" }, [service], ids, "binding")).toEqual({ role: "r" });
  });

  it("returns the parameters as stored for a plan the catalog no longer has", () => {
    expect(withoutWriteOnly({ a: 1 }, [service], { serviceId: "s", planId: "gone" }, "instance")).toEqual({ a: 1 });
  });
});
