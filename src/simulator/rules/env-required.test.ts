// The SDK serves a Required argument with an EnvDefaultFunc as Optional when the function yields a
// value (terraform-plugin-sdk/v2 helper/schema/core_schema.go coreConfigSchemaAttribute);
// openstack_networking_floatingip_v2.pool is `Required: true, DefaultFunc:
// schema.EnvDefaultFunc("OS_POOL_NAME", nil)` (resource_openstack_networking_floatingip_v2.go:53).
import { afterEach, describe, expect, it } from "vitest";
import { resolveAssets } from "../assets.js";
import { loadProviderSchema } from "../schema-types.js";
import { simulatorTest } from "../../../test/helpers/simulator-harness.js";
import { loadEnvRequiredArguments, optionalInEnv, relaxSchema } from "./env-required.js";

const FIP = "openstack_networking_floatingip_v2";

describe("Required arguments with an EnvDefaultFunc", () => {
  const list = loadEnvRequiredArguments(resolveAssets({}));

  it("the rules table lists openstack_networking_floatingip_v2.pool with OS_POOL_NAME", () => {
    expect(list).toContainEqual(
      expect.objectContaining({
        kind: "resource",
        type: FIP,
        name: "pool",
        envDefault: { variables: ["OS_POOL_NAME"] },
      }),
    );
  });

  it("are Optional only where the environment sets their variable", () => {
    expect(optionalInEnv(list, {}).map((a) => a.name)).not.toContain("pool");
    expect(optionalInEnv(list, { OS_POOL_NAME: "" }).map((a) => a.name)).not.toContain("pool");
    const relaxed = optionalInEnv(list, { OS_POOL_NAME: "public" });
    const schema = loadProviderSchema(resolveAssets({}).schemaFile);
    const pool = relaxSchema(schema, relaxed).resource_schemas[FIP].block.attributes?.pool;
    expect(pool).toMatchObject({ optional: true });
    expect(pool?.required).toBeUndefined();
    // The loaded schema itself is left as it was.
    expect(schema.resource_schemas[FIP].block.attributes?.pool?.required).toBe(true);
  });
});

describe("a floating IP without pool (testAccNetworkingV2FloatingIPBasic)", () => {
  const saved = process.env.OS_POOL_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.OS_POOL_NAME;
    else process.env.OS_POOL_NAME = saved;
  });
  const config = { resource: { [FIP]: { fip_1: { description: "test floating IP" } } } };

  simulatorTest("is refused by terraform when OS_POOL_NAME is unset", async ({ simulator }) => {
    delete process.env.OS_POOL_NAME;
    const dir = await simulator.workdir(config);
    const validate = await simulator.terraform(dir, "validate", "-no-color");
    expect(validate.exitCode).toBe(1);
    expect(validate.stderr).toContain('The argument "pool" is required');
  });

  simulatorTest("takes the pool from OS_POOL_NAME in the provider's environment", async ({ simulator }) => {
    // A reattached provider serves from this process: its environment is process.env.
    process.env.OS_POOL_NAME = "public";
    const dir = await simulator.workdir(config);
    expect((await simulator.terraform(dir, "apply", "-auto-approve", "-no-color")).exitCode).toBe(0);
    const [ip] = await simulator.cloud.list(FIP);
    expect(ip.state.pool).toBe("public");
    expect((await simulator.terraform(dir, "plan", "-detailed-exitcode")).exitCode).toBe(0);
  });
});
