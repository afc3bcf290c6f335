import { describe, expect, it } from "vitest";
import { createCachedValue } from "./cached-value.js";

/** A read that answers 1, 2, 3... and counts how often it ran. */
function counter() {
  const state = { reads: 0, fail: false };
  const read = async () => {
    state.reads++;
    if (state.fail) throw new Error("store down");
    return state.reads;
  };
  return { state, read };
}

describe("a cached value", () => {
  it("reads once however often it is asked within maxAgeMs", async () => {
    let clock = 0;
    const { state, read } = counter();
    const cache = createCachedValue({ read, maxAgeMs: 60_000, now: () => clock });
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([1, 1, 1]);
    clock = 59_999;
    expect(await cache.get()).toBe(1);
    expect(state.reads).toBe(1);
  });

  it("once stale, answers the last value at once and reads once in the background", async () => {
    let clock = 0;
    const { state, read } = counter();
    const cache = createCachedValue({ read, maxAgeMs: 60_000, now: () => clock });
    await cache.get();
    clock = 60_000;
    expect(await Promise.all([cache.get(), cache.get()])).toEqual([1, 1]);
    await cache.settled();
    expect(state.reads).toBe(2);
    expect(await cache.get()).toBe(2);
    expect(state.reads).toBe(2);
  });

  it("a failed read keeps the last value, reports the error and waits maxAgeMs before the next", async () => {
    let clock = 0;
    const errors: unknown[] = [];
    const { state, read } = counter();
    const cache = createCachedValue({ read, maxAgeMs: 1000, now: () => clock, onError: (e) => errors.push(e) });
    await cache.get();
    state.fail = true;
    clock = 1000;
    await cache.get();
    await cache.settled();
    expect(errors).toEqual([new Error("store down")]);
    expect(await cache.get()).toBe(1);
    expect(state.reads).toBe(2);
  });

  it("is undefined while no read has succeeded", async () => {
    const cache = createCachedValue({
      read: () => Promise.reject(new Error("store down")),
      maxAgeMs: 1000,
      onError: () => undefined,
    });
    expect(await cache.get()).toBeUndefined();
  });
});
