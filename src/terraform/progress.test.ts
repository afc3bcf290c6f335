import { describe, expect, it } from "vitest";
import { fakeEvent } from "./fake-runner.js";
import { createProgressTracker, describeProgress } from "./progress.js";

const planned = (addr: string, action: string) =>
  fakeEvent("planned_change", "", { change: { resource: { addr }, action } });
const hook = (type: string, addr: string, action: string) =>
  fakeEvent(type, "", { hook: { resource: { addr }, action } });

describe("createProgressTracker", () => {
  it("counts planned changes without no-ops, and finished resources", () => {
    const tracker = createProgressTracker("apply");
    expect(tracker.observe(planned("a.x", "create"))).toBe(true);
    expect(tracker.observe(planned("a.y", "noop"))).toBe(false);
    tracker.observe(planned("a.z", "update"));
    expect(tracker.progress).toEqual({ command: "apply", done: 0, total: 2 });
    expect(tracker.observe(hook("apply_start", "a.x", "create"))).toBe(false);
    expect(tracker.observe(hook("apply_complete", "a.x", "create"))).toBe(true);
    expect(tracker.observe(hook("apply_errored", "a.z", "update"))).toBe(true);
    expect(tracker.progress).toEqual({ command: "apply", done: 2, total: 2 });
  });

  it("counts a replace once both halves finished, and ignores unplanned reads", () => {
    const tracker = createProgressTracker("apply");
    tracker.observe(planned("a.r", "replace"));
    tracker.observe(hook("apply_complete", "data.d", "read"));
    tracker.observe(hook("apply_complete", "a.r", "delete"));
    expect(tracker.progress.done).toBe(0);
    tracker.observe(hook("apply_complete", "a.r", "create"));
    expect(tracker.progress).toEqual({ command: "apply", done: 1, total: 1 });
  });
});

describe("describeProgress", () => {
  it("says what is happening", () => {
    expect(describeProgress({ command: "apply", done: 3, total: 7 })).toBe("applying: 3 of 7 resources done");
    expect(describeProgress({ command: "destroy", done: 1, total: 2 })).toBe("destroying: 1 of 2 resources done");
    expect(describeProgress({ command: "destroy", done: 0, total: 1 })).toBe("destroying: 0 of 1 resource done");
    expect(describeProgress({ command: "apply", done: 0, total: 0 })).toBe("applying");
    expect(describeProgress({ command: "plan", done: 0, total: 4 })).toBe("planning");
    expect(describeProgress({ command: "init", done: 0, total: 0 })).toBe("initializing");
  });
});
