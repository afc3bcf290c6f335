import { readdirSync, readlinkSync } from "node:fs";
import { readProcInfo } from "../../src/terraform/proc.js";

/** A process seen in /proc: pid and start time (together they name it for good). */
export interface SeenProcess {
  readonly pid: number;
  readonly startTime: string;
  readonly cwd: string;
}

/**
 * Every live process whose working directory is under `dir` (terraform and the providers it launched
 * run in the run's directory): found from /proc alone, not from the broker's own records.
 */
export function processesUnder(dir: string): readonly SeenProcess[] {
  const out: SeenProcess[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      continue;
    }
    if (!cwd.startsWith(`${dir}/`)) continue;
    const info = readProcInfo(Number(name));
    if (info !== undefined && info.state !== "Z") out.push({ pid: info.pid, startTime: info.startTime, cwd });
  }
  return out;
}

/** Whether `process` still runs (not a zombie; a reused pid is another process). */
export function stillRuns(process: SeenProcess): boolean {
  const info = readProcInfo(process.pid);
  return info !== undefined && info.state !== "Z" && info.startTime === process.startTime;
}
