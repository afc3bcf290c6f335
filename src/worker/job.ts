import type { OperationRecord } from "../state/records.js";
import type { TerraformProgress } from "../terraform/types.js";
import type { Logger } from "../logging/logger.js";
import type { OperationLog } from "./operation-log.js";

/** What a job receives besides its operation (graphile/worker style). */
export interface JobContext {
  readonly logger: Logger;
  /** Aborted when the operation is cancelled (a DELETE halting a provision) or the worker stops. */
  readonly signal: AbortSignal;
  readonly log: OperationLog;
  /** Reports terraform progress; the worker turns it into the operation's description. */
  readonly progress: (progress: TerraformProgress) => void;
  readonly deadline: number;
}

/**
 * A job carries out one operation type. `run` does the work and writes the instance/binding records;
 * `failed` records the failure on them. Only the worker writes the operation's own outcome.
 */
export interface JobHandler {
  run(op: OperationRecord, ctx: JobContext): Promise<string>;
  failed(op: OperationRecord, message: string): Promise<void>;
}
