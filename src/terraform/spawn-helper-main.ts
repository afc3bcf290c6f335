import type { EndMessage, FromHelper, ToHelper } from "./spawn-helper-protocol.js";

/**
 * The spawn helper's whole program (spawn-helper.ts starts it as `node -e <its text>`): a process
 * of ~40 MB whose forks are cheap, so that starting terraform never blocks the broker's event loop
 * (a fork of the broker copies its page tables: milliseconds per spawn at 150-250 MB).
 * MUST be self-contained — nothing from outside its body but `require` and `process` (it runs from
 * its source text; `import type` is erased). Rules it keeps for each command:
 * - its process record is written synchronously right after the start and removed after its exit;
 * - stdout is relayed chunk by chunk, stderr once with the `end`, which comes after every `out`;
 * - when the broker is gone (the IPC channel closes: it exited or was killed) the helper signals
 *   nothing: a broker that exits normally has SIGTERMed the groups (exec.ts's exit hook), and what a
 *   killed broker leaves is ended by the next broker before it resumes anything (its records,
 *   end-previous-terraform.ts). It MUST go on draining their output until they have exited — a
 *   closed pipe would kill terraform by SIGPIPE in the middle of an apply — and then exit.
 */
export function spawnHelperMain(req: NodeJS.Require): void {
  const { spawn } = req("node:child_process") as typeof import("node:child_process");
  const { readFileSync, writeFileSync, unlinkSync } = req("node:fs") as typeof import("node:fs");
  const { setPriority } = req("node:os") as typeof import("node:os");
  type Child = import("node:child_process").ChildProcess;
  const running = new Map<number, Child>();
  const send = (message: FromHelper) => {
    if (process.connected) process.send?.(message);
  };
  // It shares the broker's process group: the broker's Ctrl-C or SIGTERM is the broker's to handle
  // (it drains); the helper ends with it.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => undefined);
  let orphaned = false;
  process.on("disconnect", () => {
    orphaned = true;
    if (running.size === 0) process.exit(0);
  });

  function record(prefix: string, pid: number): string | undefined {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const cmdline = raw.split("\0").filter((arg, i, all) => arg !== "" || i < all.length - 1);
      const file = `${prefix}${pid}.json`;
      writeFileSync(file, JSON.stringify({ pid, pgrp: Number(fields[2]), startTime: fields[19], cmdline }), {
        mode: 0o600,
      });
      return file;
    } catch {
      return undefined; // gone already, no /proc, or its directory is gone: nothing to end later
    }
  }

  function start(message: Extract<ToHelper, { t: "start" }>): void {
    const { id } = message;
    let child: Child;
    const end = (rest: Omit<EndMessage, "t" | "id">) => send({ t: "end", id, ...rest });
    try {
      child = spawn(message.bin, [...message.args], {
        cwd: message.cwd,
        env: message.env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: message.detached,
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      end({ code: null, signal: null, stderr: "", error: { code: e.code ?? "EINVAL", message: e.message } });
      return;
    }
    const { pid } = child;
    const file = pid !== undefined && message.recordPrefix ? record(message.recordPrefix, pid) : undefined;
    if (pid !== undefined && message.priority !== undefined) {
      try {
        setPriority(pid, message.priority);
        // A new session is a new autogroup (sched(7)), whose weight ignores the nice value above.
        if (message.detached) writeFileSync(`/proc/${pid}/autogroup`, String(message.priority));
      } catch {
        // already gone, or no autogroups: it ran at the helper's priority
      }
    }
    if (pid !== undefined) {
      running.set(id, child);
      send({ t: "spawned", id, pid });
    }
    const stderr: string[] = [];
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stdout?.on("data", (data: string) => send({ t: "out", id, data }));
    child.stderr?.on("data", (data: string) => stderr.push(data));
    let failed: NodeJS.ErrnoException | undefined;
    child.on("error", (error: NodeJS.ErrnoException) => {
      failed = error;
      if (pid === undefined) {
        end({ code: null, signal: null, stderr: "", error: { code: error.code ?? "EINVAL", message: error.message } });
      }
    });
    // "close": exited and its stdout and stderr are closed, so every `out` was sent before the `end`.
    child.on("close", (code: number | null, signal: string | null) => {
      if (pid === undefined) return;
      running.delete(id);
      if (orphaned && running.size === 0) setImmediate(() => process.exit(0));
      if (file !== undefined) {
        try {
          unlinkSync(file);
        } catch {
          // removed with its directory
        }
      }
      const error =
        failed && code === null && signal === null
          ? { code: failed.code ?? "EIO", message: failed.message }
          : undefined;
      end({ code, signal, stderr: stderr.join(""), ...(error ? { error } : {}) });
    });
  }

  process.on("message", (message: ToHelper) => {
    if (message.t === "start") start(message);
    else if (message.t === "kill") {
      const entry = running.get(message.id);
      try {
        entry?.kill(message.signal);
      } catch {
        // already gone
      }
    }
  });
}
