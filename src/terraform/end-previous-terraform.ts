import type { Logger } from "../logging/logger.js";
import { processGroupMembers, readCmdline, readProcInfo, type ProcInfo } from "./proc.js";
import { listProcessRecords, type ProcessRecord } from "./process-records.js";

/** Options of {@link endPreviousTerraform}. */
export interface EndPreviousTerraformOptions {
  /** The WORK_DIR an earlier process of this broker ran terraform in (its run directories hold the records). */
  readonly workDir: string;
  /** SIGTERM first; SIGKILL for what is still running this many ms later (KILL_GRACE_SECONDS). */
  readonly graceMs: number;
  readonly logger?: Logger;
  /** How often to look whether they are gone. Default 100 ms. */
  readonly pollMs?: number;
  /** How long to wait after SIGKILL before giving up (the start fails, naming them). Default 60 s. */
  readonly killWaitMs?: number;
}

/** What was found and done: `ended` were signalled and are gone; `skipped` were not ours any more. */
export interface EndPreviousTerraformReport {
  readonly ended: readonly number[];
  readonly skipped: readonly number[];
}

/**
 * Ends the terraform processes an earlier broker process left running (it died; they did not), and
 * their providers, BEFORE any operation is resumed: against a real cloud an orphaned apply keeps
 * creating resources while the resumed run creates them again. Rules:
 * - a record's process is signalled only if it is still that process: same start time and command
 *   line in /proc (a pid reused by another program is left alone);
 * - when terraform itself is gone but its process group lives on (a provider), the group's members
 *   are the same run's: Linux does not reuse a pid as long as a group of that id exists;
 * - SIGTERM to the whole group, SIGKILL after `graceMs`; MUST wait until every member has exited
 *   (after `killWaitMs` more it throws: the start fails rather than resume beside them).
 */
export async function endPreviousTerraform(options: EndPreviousTerraformOptions): Promise<EndPreviousTerraformReport> {
  const { logger } = options;
  const pollMs = options.pollMs ?? 100;
  const ended: number[] = [];
  const skipped: number[] = [];
  const groups: ProcessRecord[] = [];
  for (const record of await listProcessRecords(options.workDir)) {
    const verdict = identify(record);
    if (verdict === "gone") continue;
    if (verdict === "other") {
      skipped.push(record.pid);
      logger?.warn({ pid: record.pid }, "a recorded terraform pid now belongs to another process: left alone");
      continue;
    }
    groups.push(record);
  }
  if (groups.length === 0) return { ended, skipped };
  logger?.warn(
    { pids: groups.map((g) => g.pid) },
    "ending terraform processes of a previous broker process before resuming",
  );
  const alive = () => groups.filter((record) => membersOf(record).length > 0);
  for (const record of groups) signal(record, "SIGTERM");
  const termDeadline = Date.now() + options.graceMs;
  while (alive().length > 0 && Date.now() < termDeadline) await sleep(pollMs);
  for (const record of alive()) signal(record, "SIGKILL");
  // SIGKILL cannot be refused; a process in uninterruptible sleep ends when its I/O does.
  const killDeadline = Date.now() + (options.killWaitMs ?? 60_000);
  while (alive().length > 0) {
    if (Date.now() > killDeadline)
      throw new Error(
        `terraform processes of a previous broker process did not exit after SIGKILL: ${alive()
          .map((r) => r.pid)
          .join(", ")}; nothing is resumed while they run`,
      );
    await sleep(pollMs);
  }
  for (const record of groups) ended.push(record.pid);
  logger?.info({ pids: ended }, "terraform processes of a previous broker process ended");
  return { ended, skipped };
}

type Verdict = "ours" | "gone" | "other";

function identify(record: ProcessRecord): Verdict {
  const leader = readProcInfo(record.pid);
  if (leader !== undefined && leader.state !== "Z" && leader.state !== "X") {
    const cmdline = readCmdline(record.pid);
    const same = leader.startTime === record.startTime && JSON.stringify(cmdline) === JSON.stringify(record.cmdline);
    return same ? "ours" : "other";
  }
  // Terraform is gone; are its providers (its process group) still there?
  return membersOf(record).length > 0 ? "ours" : "gone";
}

/** The live processes of the record's run: its group when terraform led one, else terraform alone. */
function membersOf(record: ProcessRecord): readonly ProcInfo[] {
  if (record.pgrp !== record.pid) {
    const info = readProcInfo(record.pid);
    return info !== undefined && info.state !== "Z" && info.startTime === record.startTime ? [info] : [];
  }
  // Started no earlier than terraform: the group's own members (see the rule above).
  return processGroupMembers(record.pgrp).filter((m) => BigInt(m.startTime) >= BigInt(record.startTime));
}

function signal(record: ProcessRecord, name: NodeJS.Signals): void {
  try {
    process.kill(record.pgrp === record.pid ? -record.pgrp : record.pid, name);
  } catch {
    // ESRCH: already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
