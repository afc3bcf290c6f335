import { describe, expect, it } from "vitest";
import type { TerraformEvent } from "../../terraform/types.js";
import type { CliIo } from "./io.js";
import { createProgressDisplay } from "./progress-display.js";

const io = (isTTY: boolean) => {
  const out = { text: "" };
  const value: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (t: string) => ((out.text += t), true) },
    env: {},
    cwd: "/",
    isTTY,
  };
  return { io: value, out };
};
const planned = (addr: string, action: string): TerraformEvent => ({
  level: "info",
  message: `${addr}: Plan to ${action}`,
  type: "planned_change",
  timestamp: "2026-01-01T00:00:00Z",
  raw: { change: { resource: { addr }, action } },
});

describe("progress display", () => {
  it("on a terminal: one spinner line rewritten in place with the counts, cleared at the end", () => {
    const { io: tty, out } = io(true);
    const display = createProgressDisplay(tty);
    display.phase("terraform plan");
    display.event(planned("a.b", "create"));
    display.event(planned("a.c", "noop"));
    display.event(planned("a.d", "replace"));
    display.stop();
    expect(out.text).toContain("\r\x1b[K");
    expect(out.text).toContain("terraform plan: 2 changes planned");
    expect(out.text).not.toContain("\n");
    expect(out.text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("elsewhere: plain lines, one per phase and planned change", () => {
    const { io: pipe, out } = io(false);
    const display = createProgressDisplay(pipe);
    display.phase("terraform plan");
    display.event(planned("a.b", "create"));
    display.stop();
    expect(out.text).toBe("terraform plan\n  planned: create a.b\n");
  });

  it("quiet: nothing", () => {
    const { io: pipe, out } = io(false);
    const display = createProgressDisplay(pipe, { quiet: true });
    display.phase("x");
    display.event(planned("a.b", "create"));
    expect(out.text).toBe("");
  });
});
