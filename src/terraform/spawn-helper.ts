import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type ProcInfo, processGroupMembers, readProcInfo } from "./proc.js";
import type { EndMessage, FromHelper, StartMessage, ToHelper } from "./spawn-helper-protocol.js";
import { spawnHelperMain } from "./spawn-helper-main.js";

/**
 * The broker's side of the spawn helper: a small process (spawn-helper-main.ts) that starts
 * terraform for the broker and relays its output and exit, so that no fork of the big broker
 * process blocks its event loop. Started on the first command, shared by all.
 */

/** One command for the helper: {@link StartMessage} without its id, plus what the broker watches. */
export interface HelperCommand extends Omit<StartMessage, "t" | "id"> {
  /** Called with the pid once it runs (on the broker's side, after the helper's `spawned`). */
  readonly onSpawned?: (pid: number) => void;
  readonly onStdout?: (chunk: string) => void;
}

/** A command the helper runs: signal it, or wait for its end. */
export interface HelperRun {
  kill(signal: "SIGINT" | "SIGKILL"): void;
  /** The helper's `end`; when the helper died first, an `end` whose `error.code` is `EHELPERDIED`. */
  readonly ended: Promise<EndMessage>;
}

/** The spawn helper: {@link SpawnHelper.run} starts a command in it (starting the helper if needed). */
export interface SpawnHelper {
  /** `killGraceMs`: when the helper dies under the command, SIGINT to it and SIGKILL this much later. */
  run(command: HelperCommand, killGraceMs: number): HelperRun;
  /** The helper's pid while it runs (tests). */
  readonly pid: number | undefined;
}

// MUST stay a plain `node -e` program: `__name` is what esbuild (tsx) adds to named functions.
const SOURCE = `var __name = (f) => f; (${spawnHelperMain.toString()})(require);`;

interface Pending {
  readonly command: HelperCommand;
  readonly killGraceMs: number;
  pid?: number;
  resolve(end: EndMessage): void;
}

/** Creates the (lazily started) spawn helper of this process. */
export function createSpawnHelper(): SpawnHelper {
  let child: ChildProcess | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const refChannel = () => {
    // While commands run the helper keeps this process alive (as their own child processes would).
    const channel = child?.channel as { ref(): void; unref(): void } | undefined;
    if (pending.size > 0) channel?.ref();
    else channel?.unref();
  };

  function startHelper(): ChildProcess {
    const helper = spawn(process.execPath, ["-e", SOURCE], {
      // MUST stay in the broker's session: a session of its own is an autogroup of its own (sched(7)),
      // which measurably delayed the broker's event loop (bench/spawn-helper.bench.ts). A Ctrl-C to
      // the broker's terminal reaches it too: it ignores SIGINT and SIGTERM (spawn-helper-main.ts).
      detached: false,
      // No secret of the broker's: each command brings its complete environment.
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "json",
    });
    helper.unref();
    helper.on("message", (message: FromHelper) => {
      const entry = pending.get(message.id);
      if (entry === undefined) return;
      if (message.t === "spawned") {
        entry.pid = message.pid;
        entry.command.onSpawned?.(message.pid);
      } else if (message.t === "out") entry.command.onStdout?.(message.data);
      else {
        pending.delete(message.id);
        refChannel();
        entry.resolve(message);
      }
    });
    helper.on("error", () => undefined); // reported through "exit"
    helper.on("exit", (code, signal) => {
      if (child === helper) child = undefined;
      const orphans = [...pending.entries()];
      pending.clear();
      const reason = `terraform's spawn helper process exited (${signal ?? `code ${code}`})`;
      for (const [, entry] of orphans) void endOrphan(entry, reason);
    });
    return helper;
  }

  return {
    get pid() {
      return child?.pid;
    },
    run(command, killGraceMs) {
      child ??= startHelper();
      const helper = child;
      const id = nextId++;
      const { onSpawned: _s, onStdout: _o, ...start } = command;
      const ended = new Promise<EndMessage>((resolve) => pending.set(id, { command, killGraceMs, resolve }));
      refChannel();
      const send = (message: ToHelper) => {
        if (helper.connected) helper.send(message, () => undefined);
      };
      send({ t: "start", id, ...start });
      return { ended, kill: (signal) => send({ t: "kill", id, signal }) };
    },
  };
}

/**
 * The helper died under a running command: its terraform may run on (reparented). It is ended like a
 * cancelled one — SIGINT, SIGKILL after the grace — and MUST be gone before the command ends, so that
 * a retry never runs beside it; its record is removed. Then the command ends with `EHELPERDIED`.
 */
async function endOrphan(entry: Pending, reason: string): Promise<void> {
  // Killed between the start and its `spawned`: the record the helper wrote names the process.
  const pid = entry.pid ?? recordedPid(entry.command.recordPrefix);
  if (pid !== undefined) {
    const target = entry.command.detached ? -pid : pid;
    const live = (info: ProcInfo | undefined) => info !== undefined && info.state !== "Z" && info.state !== "X";
    // Its whole group when it leads one (its providers), as end-previous-terraform.ts waits for.
    const alive = () => (entry.command.detached ? processGroupMembers(pid).some(live) : live(readProcInfo(pid)));
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(target, name);
      } catch {
        // gone
      }
    };
    signal("SIGINT");
    const deadline = Date.now() + entry.killGraceMs;
    while (alive() && Date.now() < deadline) await sleep(50);
    signal("SIGKILL");
    while (alive()) await sleep(50);
    if (entry.command.recordPrefix !== undefined) {
      try {
        unlinkSync(`${entry.command.recordPrefix}${pid}.json`);
      } catch {
        // not written, or removed with its directory
      }
    }
  }
  entry.resolve({
    t: "end",
    id: 0,
    code: null,
    signal: null,
    stderr: "",
    error: { code: "EHELPERDIED", message: reason },
  });
}

/** The live process a record at `prefix<pid>.json` names (same start time in /proc), if any. */
function recordedPid(prefix: string | undefined): number | undefined {
  if (prefix === undefined) return undefined;
  let names: string[];
  try {
    names = readdirSync(dirname(prefix));
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (!name.startsWith(basename(prefix)) || !name.endsWith(".json")) continue;
    try {
      const record = JSON.parse(readFileSync(join(dirname(prefix), name), "utf8")) as {
        pid: number;
        startTime: string;
      };
      if (readProcInfo(record.pid)?.startTime === record.startTime) return record.pid;
    } catch {
      // torn or gone
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let shared: SpawnHelper | undefined;

/** The helper this process's terraform commands share (exec.ts), created on first use. */
export function sharedSpawnHelper(): SpawnHelper {
  shared ??= createSpawnHelper();
  return shared;
}
