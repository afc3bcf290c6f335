import type { TerraformProgress } from "../terraform/types.js";
import { describeProgress } from "../terraform/progress.js";

export interface ProgressThrottleOptions {
  /** The description already shown (no write until it changes). */
  readonly initial: string;
  /** Writes a new description; called at most once per `intervalMs`. */
  readonly write: (description: string) => void;
  /** Default 500 ms. */
  readonly intervalMs?: number;
}

/** Turns terraform progress into operation descriptions, throttled. */
export interface ProgressThrottle {
  readonly update: (progress: TerraformProgress) => void;
  /** Stops writing (the operation's outcome is about to be written); drops what is pending. */
  end(): void;
}

/**
 * At most one write per interval. An update that arrives inside the interval is not dropped but
 * written when the interval ends: dropping it would leave an old description ("applying: 0 of 2")
 * up for as long as the next resource takes.
 */
export function createProgressThrottle(options: ProgressThrottleOptions): ProgressThrottle {
  const intervalMs = options.intervalMs ?? 500;
  let last = options.initial;
  let lastWrite = 0;
  let pending: string | undefined;
  let trailing: NodeJS.Timeout | undefined;
  let ended = false;
  const write = (description: string) => {
    last = description;
    lastWrite = Date.now();
    pending = undefined;
    options.write(description);
  };
  return {
    update(progress) {
      if (ended) return;
      const description = describeProgress(progress);
      pending = description === last ? undefined : description;
      if (pending === undefined || trailing !== undefined) return;
      const wait = lastWrite + intervalMs - Date.now();
      if (wait <= 0) return write(description);
      trailing = setTimeout(() => {
        trailing = undefined;
        if (!ended && pending !== undefined) write(pending);
      }, wait);
    },
    end() {
      ended = true;
      clearTimeout(trailing);
    },
  };
}
