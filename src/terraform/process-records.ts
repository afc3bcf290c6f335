import { readdir, readFile, rm } from "node:fs/promises";
import { unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCmdline, readProcInfo } from "./proc.js";

/**
 * Every terraform process the runner starts leaves a record in its working directory while it runs,
 * so that the next broker process can end it if this one dies first (end-previous-terraform.ts).
 * The record names one process for good: pid, process group, start time and command line from /proc.
 */
export interface ProcessRecord {
  readonly pid: number;
  /** The process group terraform leads (it is started in its own group, with its providers). */
  readonly pgrp: number;
  /** /proc/<pid>/stat field 22: a pid reused by another process has another start time. */
  readonly startTime: string;
  /** /proc/<pid>/cmdline when it started. */
  readonly cmdline: readonly string[];
}

/** The record file of `pid` in a working directory. */
export const processRecordFile = (cwd: string, pid: number) => `${processRecordPrefix(cwd)}${pid}.json`;
/** The path of a working directory's record files up to the pid (the spawn helper writes them). */
export const processRecordPrefix = (cwd: string) => join(cwd, PROCESS_RECORD_PREFIX);
const PROCESS_RECORD_PREFIX = ".terraform-process-";

/**
 * Writes the record of a process just started in `cwd` (synchronously: the window in which a crash
 * leaves a process without its record is as small as it can be). Returns how to remove it once the
 * process has exited. Without /proc (not Linux) nothing is recorded.
 */
export function recordProcess(cwd: string, pid: number): () => void {
  const info = readProcInfo(pid);
  const cmdline = readCmdline(pid);
  if (info === undefined || cmdline === undefined) return () => undefined;
  const file = processRecordFile(cwd, pid);
  const record: ProcessRecord = { pid, pgrp: info.pgrp, startTime: info.startTime, cmdline };
  try {
    writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  } catch {
    return () => undefined; // the run's directory is gone: terraform cannot run there either
  }
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // removed with its directory
    }
  };
}

/** Every process record in the run directories directly under `workDir` (a missing workDir: none). */
export async function listProcessRecords(workDir: string): Promise<readonly ProcessRecord[]> {
  const runs = await readdir(workDir, { withFileTypes: true }).catch(() => []);
  const out: ProcessRecord[] = [];
  for (const run of runs) {
    if (!run.isDirectory()) continue;
    const dir = join(workDir, run.name);
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const name of files) {
      if (!name.startsWith(PROCESS_RECORD_PREFIX) || !name.endsWith(".json")) continue;
      const record = parseRecord(await readFile(join(dir, name), "utf8").catch(() => ""));
      if (record !== undefined) out.push(record);
      else await rm(join(dir, name), { force: true }); // torn by the crash: nothing to identify
    }
  }
  return out;
}

function parseRecord(text: string): ProcessRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<ProcessRecord>;
    const ok =
      Number.isInteger(value.pid) &&
      Number.isInteger(value.pgrp) &&
      typeof value.startTime === "string" &&
      Array.isArray(value.cmdline);
    return ok ? (value as ProcessRecord) : undefined;
  } catch {
    return undefined;
  }
}
