import { describe, expect, it } from "vitest";
import { createMemoryStore } from "./memory-store.js";
import { createTerraformStates } from "./terraform-states.js";

describe("terraform states over a store", () => {
  const instance = { instanceId: "i-1" };
  const binding = { instanceId: "i-1", bindingId: "b-1" };

  it("keeps each stack's state under its own key (keys.ts)", async () => {
    const store = createMemoryStore();
    const states = createTerraformStates(store);
    expect(await states.read(instance)).toBeUndefined();
    await states.write(instance, new TextEncoder().encode("instance"));
    await states.write(binding, new TextEncoder().encode("binding"));
    expect(new TextDecoder().decode(await store.get("instances/i-1/tfstate"))).toBe("instance");
    expect(new TextDecoder().decode(await states.read(binding))).toBe("binding");
    await states.remove(instance);
    expect(await states.read(instance)).toBeUndefined();
    expect(await states.read(binding)).toBeDefined();
  });

  it("locks per stack: one holder, the others see its info; only the holder unlocks", async () => {
    const states = createTerraformStates(createMemoryStore());
    expect(await states.lock(instance, "a", { ID: "a", Who: "run-a" })).toEqual({ acquired: true });
    expect(await states.lock(instance, "b", { ID: "b" })).toEqual({
      acquired: false,
      holder: { ID: "a", Who: "run-a" },
    });
    expect(await states.lock(binding, "b", { ID: "b" })).toEqual({ acquired: true });
    expect(await states.holder(instance)).toEqual({ ID: "a", Who: "run-a" });
    expect(await states.unlock(instance, "b")).toBe(false);
    expect(await states.unlock(instance, "a")).toBe(true);
    expect(await states.holder(instance)).toBeUndefined();
  });
});
