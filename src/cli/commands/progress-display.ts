import type { TerraformEvent } from "../../terraform/types.js";
import type { CliIo } from "./io.js";

/** Shows terraform's progress while a command runs. */
export interface ProgressDisplay {
  /** Feeds one terraform `-json` event. */
  event(event: TerraformEvent): void;
  /** Starts a new phase (`synthesizing`, `terraform init`, ...). */
  phase(text: string): void;
  /** Clears the spinner line (a terminal) — MUST be called before printing the result. */
  stop(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Progress on stderr from terraform's `-json` stream: on a terminal one spinner line rewritten in
 * place (`⠹ terraform plan: 3 changes planned, 2 resources refreshed`); otherwise plain lines, one
 * per phase and per planned change, fit for CI logs. `quiet` shows nothing.
 */
export function createProgressDisplay(io: CliIo, options: { readonly quiet?: boolean } = {}): ProgressDisplay {
  if (options.quiet) return { event() {}, phase() {}, stop() {} };
  let phase = "starting";
  let planned = 0;
  let refreshed = 0;
  let frame = 0;
  const text = () => {
    const counts = [
      planned > 0 ? `${planned} change${planned === 1 ? "" : "s"} planned` : "",
      refreshed > 0 ? `${refreshed} resource${refreshed === 1 ? "" : "s"} refreshed` : "",
    ].filter(Boolean);
    return counts.length > 0 ? `${phase}: ${counts.join(", ")}` : phase;
  };
  if (!io.isTTY) {
    return {
      phase(next) {
        phase = next;
        io.stderr.write(`${next}\n`);
      },
      event(event) {
        if (event.type === "planned_change") io.stderr.write(`  ${plannedLine(event)}\n`);
        else if (event.type === "diagnostic" && event.level === "warn")
          io.stderr.write(`  warning: ${event.message}\n`);
      },
      stop() {},
    };
  }
  const width = Math.max(20, (io.columns ?? 80) - 1);
  const draw = () => io.stderr.write(`\r\x1b[K${`${FRAMES[frame++ % FRAMES.length]} ${text()}`.slice(0, width)}`);
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    phase(next) {
      phase = next;
      draw();
    },
    event(event) {
      if (
        event.type === "planned_change" &&
        !/no-?op/.test(String((event.raw.change as { action?: unknown } | undefined)?.action))
      )
        planned++;
      else if (event.type === "refresh_complete") refreshed++;
      else return;
      draw();
    },
    stop() {
      clearInterval(timer);
      io.stderr.write("\r\x1b[K");
    },
  };
}

function plannedLine(event: TerraformEvent): string {
  const change = (event.raw.change ?? {}) as { action?: string; resource?: { addr?: string } };
  return `planned: ${change.action ?? "change"} ${change.resource?.addr ?? ""}`.trimEnd();
}
