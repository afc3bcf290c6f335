import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressThrottle } from "./progress-throttle.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("progress throttle", () => {
  it("writes the first change at once, then at most once per interval, always ending on the latest", () => {
    const written: string[] = [];
    const throttle = createProgressThrottle({ initial: "provision queued", write: (d) => written.push(d) });
    throttle.update({ command: "apply", done: 0, total: 3 });
    expect(written).toEqual(["applying: 0 of 3 resources done"]);
    throttle.update({ command: "apply", done: 1, total: 3 });
    throttle.update({ command: "apply", done: 2, total: 3 });
    expect(written).toHaveLength(1);
    vi.advanceTimersByTime(500);
    expect(written).toEqual(["applying: 0 of 3 resources done", "applying: 2 of 3 resources done"]);
    vi.advanceTimersByTime(5_000);
    expect(written).toHaveLength(2);
  });

  it("does not write an unchanged description, nor anything after end()", () => {
    const written: string[] = [];
    const throttle = createProgressThrottle({ initial: "planning", write: (d) => written.push(d) });
    throttle.update({ command: "plan", done: 0, total: 0 });
    expect(written).toEqual([]);
    throttle.update({ command: "apply", done: 0, total: 1 });
    throttle.update({ command: "apply", done: 1, total: 1 });
    throttle.end();
    vi.advanceTimersByTime(1_000);
    throttle.update({ command: "destroy", done: 0, total: 1 });
    expect(written).toEqual(["applying: 0 of 1 resource done"]);
  });
});
