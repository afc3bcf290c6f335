import type { StateStore } from "../src/state/state-store.js";

/** One store call: method, key, start and end (ms since the trace started). */
export interface TraceEntry {
  readonly method: string;
  readonly key: string;
  readonly start: number;
  end: number;
  result?: string;
  /** Who asked, from the call's (async) stack: a platform's poll, the state backend (terraform), or the rest (the operation). */
  readonly origin: "poll" | "terraform" | "operation";
}

/** Where a store call comes from, by the source files on its async stack trace. */
function originOf(stack: string): TraceEntry["origin"] {
  if (/src\/broker\/polling\.ts/.test(stack)) return "poll";
  if (/src\/http\/state-backend\.ts/.test(stack)) return "terraform";
  return "operation";
}

/** A store that records every call in order (for a benchmark's request list). */
export function tracingStore(store: StateStore): StateStore & { take(): TraceEntry[] } {
  let entries: TraceEntry[] = [];
  let origin = performance.now();
  const wrap =
    <A extends [string, ...unknown[]], R>(method: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const entry: TraceEntry = {
        method,
        key: args[0],
        start: performance.now() - origin,
        end: 0,
        origin: originOf(new Error().stack ?? ""),
      };
      entries.push(entry);
      try {
        const result = await fn(...args);
        entry.result = result === undefined ? "-" : typeof result === "boolean" ? String(result) : "ok";
        return result;
      } finally {
        entry.end = performance.now() - origin;
      }
    };
  return {
    description: store.description,
    get: wrap("get", (key: string) => store.get(key)),
    put: wrap("put", (key: string, body: Uint8Array) => store.put(key, body)),
    create: wrap("create", (key: string, body: Uint8Array) => store.create(key, body)),
    delete: wrap("delete", (key: string) => store.delete(key)),
    list: wrap("list", (prefix: string) => store.list(prefix)),
    /** The calls since the last call, and starts anew. */
    take() {
      const taken = entries;
      entries = [];
      origin = performance.now();
      return taken;
    },
  };
}

/** Formats a trace: one line per call, with its start, duration and whether it overlapped the previous. */
export function formatTrace(entries: readonly TraceEntry[], keyPrefix: RegExp): string {
  return entries
    .map((e, i) => {
      const overlaps = i > 0 && e.start < entries[i - 1].end ? "‖" : " ";
      return `${overlaps} ${e.start.toFixed(0).padStart(5)} +${(e.end - e.start).toFixed(0).padStart(4)} ms  ${e.origin.padEnd(9)} ${e.method.padEnd(6)} ${e.key.replace(keyPrefix, "")} ${e.result ?? ""}`;
    })
    .join("\n");
}

/** Calls per origin (poll, terraform, operation), a create counted as its two Swift requests (PUT, HEAD). */
export function requestsByOrigin(entries: readonly TraceEntry[]): Record<TraceEntry["origin"], number> {
  const out = { poll: 0, terraform: 0, operation: 0 };
  for (const e of entries) out[e.origin] += e.method === "create" ? 2 : 1;
  return out;
}

/**
 * The operation's own and terraform's calls (not the polls): how many started after every earlier one
 * had ended (sequential round trips, a create counted as its PUT and HEAD), and the time at least one
 * of them was in flight (what the operation waited on the store, at this machine's round-trip time).
 */
export function criticalPath(entries: readonly TraceEntry[]): { readonly sequential: number; readonly busyMs: number } {
  const own = entries.filter((e) => e.origin !== "poll" && e.end > 0).sort((a, b) => a.start - b.start);
  let sequential = 0;
  let busyMs = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const e of own) {
    if (e.start >= reach) {
      sequential += e.method === "create" ? 2 : 1;
      busyMs += e.end - e.start;
    } else if (e.end > reach) busyMs += e.end - reach;
    reach = Math.max(reach, e.end);
  }
  return { sequential, busyMs };
}
