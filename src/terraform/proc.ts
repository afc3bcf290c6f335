import { readFileSync, readdirSync } from "node:fs";

/**
 * What Linux tells about a process in /proc (proc(5)). Only what telling a terraform process of an
 * earlier broker from an unrelated process that reuses its pid needs. Elsewhere (no /proc) every
 * reader answers `undefined` / `[]`.
 */
export interface ProcInfo {
  readonly pid: number;
  /** One-letter state (`R`, `S`, `Z` zombie, `X` dead...). */
  readonly state: string;
  /** Process group id. */
  readonly pgrp: number;
  /** Start time in clock ticks since boot (field 22): with the pid, it names one process for good. */
  readonly startTime: string;
}

/** /proc/<pid>/stat, parsed; undefined when there is no such process (or no /proc). */
export function readProcInfo(pid: number): ProcInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain anything: split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const [state, pgrp, startTime] = [fields[0], Number(fields[2]), fields[19]];
  if (state === undefined || !Number.isInteger(pgrp) || startTime === undefined) return undefined;
  return { pid, state, pgrp, startTime };
}

/** The argument vector of a process (/proc/<pid>/cmdline); undefined when it is gone. */
export function readCmdline(pid: number): readonly string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return raw.split("\0").filter((arg, i, all) => arg !== "" || i < all.length - 1);
  } catch {
    return undefined;
  }
}

/** Every live (not zombie) process of the process group `pgrp`. */
export function processGroupMembers(pgrp: number): readonly ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const out: ProcInfo[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProcInfo(Number(name));
    if (info !== undefined && info.pgrp === pgrp && info.state !== "Z" && info.state !== "X") out.push(info);
  }
  return out;
}
