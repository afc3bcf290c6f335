import type { StateStore } from "../state/state-store.js";
import { keys } from "../state/keys.js";
import type { TerraformEvent } from "../terraform/types.js";

/** One line of an operation's log (NDJSON in the store). */
export interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly message: string;
  /** `broker` for the broker's own lines, else terraform's event type. */
  readonly type: string;
  /** Which stack: `instance` or `binding:<id>`. */
  readonly stack?: string;
}

export interface OperationLogOptions {
  readonly store: StateStore;
  readonly instanceId: string;
  readonly operationId: string;
  /** How often buffered lines are written to the store while the operation runs. Default 1000 ms. */
  readonly flushIntervalMs?: number;
  /** Told when a read or write of the log failed (the lines stay buffered for the next flush). */
  readonly onWriteError?: (error: unknown) => void;
  /**
   * No earlier run of the operation can have written a log (it is new: this process wrote its lease
   * before its record, and runs it for the first time), so there is nothing to read first.
   */
  readonly fresh?: boolean;
}

/**
 * The log of one operation, kept in the store next to the operation record so `operations --follow`
 * and a restarted broker see it. Terraform's `outputs` events are reduced to the output names (values
 * never reach the log); everything else is kept as terraform said it.
 * The log is appended across attempts: a resumed operation continues the same log.
 * MUST never decide an operation's outcome: `flush` and `close` never reject; while the store is
 * unreachable the lines stay buffered (and the earlier attempts' log unread, so it is never
 * overwritten) and are written by a later flush.
 */
export interface OperationLog {
  event(event: TerraformEvent, stack: string): void;
  broker(message: string, level?: string): void;
  /** Writes what is buffered. MUST be called when the operation ends. Never rejects. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function createOperationLog(options: OperationLogOptions): Promise<OperationLog> {
  const key = keys.operationLog(options.instanceId, options.operationId);
  /** The log of earlier attempts; undefined until it could be read. */
  let previous: string | undefined = options.fresh === true ? "" : undefined;
  const readPrevious = async () => {
    if (previous !== undefined) return;
    const body = await options.store.get(key);
    previous = body === undefined ? "" : new TextDecoder().decode(body);
  };
  await readPrevious().catch((error) => options.onWriteError?.(error));
  let text = "";
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();

  const append = (line: LogLine) => {
    text += `${JSON.stringify(line)}\n`;
    dirty = true;
  };
  const flush = () => {
    writing = writing
      .then(async () => {
        if (!dirty) return;
        await readPrevious();
        dirty = false;
        try {
          await options.store.put(key, new TextEncoder().encode(previous + text));
        } catch (error) {
          dirty = true;
          throw error;
        }
      })
      .catch((error) => options.onWriteError?.(error));
    return writing;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    event(event, stack) {
      const message =
        event.type === "outputs"
          ? `outputs: ${Object.keys((event.raw.outputs as object) ?? {}).join(", ")}`
          : event.message;
      append({ time: event.timestamp, level: event.level, message, type: event.type, stack });
    },
    broker(message, level = "info") {
      append({ time: new Date().toISOString(), level, message, type: "broker" });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** Reads an operation's log lines. */
export async function readOperationLog(store: StateStore, instanceId: string, operationId: string): Promise<LogLine[]> {
  const body = await store.get(keys.operationLog(instanceId, operationId));
  if (body === undefined) return [];
  return new TextDecoder()
    .decode(body)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);
}
