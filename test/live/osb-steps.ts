import type { OsbTestClient } from "../helpers/osb-test-client.js";

/** A JSON object body (anything else reads as `{}`). */
export type Body = Record<string, unknown>;

/** Reads a response body as a JSON object. */
export async function readBody(response: Response): Promise<Body> {
  const text = await response.text();
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Body) : {};
  } catch {
    return {};
  }
}

const description = (body: Body) => (typeof body.description === "string" ? body.description : "");

/** `PUT answered 400: <description>`. */
export const answered = (what: string, status: number, body: Body) =>
  `${what} answered ${status}${description(body) ? `: ${description(body)}` : ""}`;

/** How long to wait for one operation, and how often to poll. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
}

/**
 * Polls `<path>/last_operation` (with the 202's `operation`) until it is no longer "in progress" (or `timeoutMs`); returns the
 * problem, or undefined when the operation succeeded (with `goneIsDone`, a 410 too: a delete's end).
 */
export async function waitForOperation(
  client: OsbTestClient,
  path: string,
  options: WaitOptions & { readonly goneIsDone: boolean; readonly operation?: unknown },
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  // The operation the 202 named, sent back as OSB platforms do.
  const query = typeof options.operation === "string" ? `?operation=${encodeURIComponent(options.operation)}` : "";
  for (;;) {
    const response = await client.get(`${path}/last_operation${query}`);
    const body = await readBody(response);
    if (response.status === 410 && options.goneIsDone) return undefined;
    if (response.status !== 200) return answered("last_operation", response.status, body);
    if (body.state === "succeeded") return undefined;
    if (body.state !== "in progress") return `failed: ${description(body) || "(no description)"}`;
    if (Date.now() > deadline)
      return `still in progress after ${Math.round(options.timeoutMs / 60_000)} min (LIVE_TIMEOUT_MINUTES)`;
    await new Promise((r) => setTimeout(r, options.pollIntervalMs));
  }
}

/** Options of {@link deprovisionInstance}. */
export interface DeprovisionOptions extends WaitOptions {
  readonly instanceId: string;
  readonly serviceId: string;
  readonly planId: string;
  readonly attempts: number;
}

/**
 * DELETE the instance (async) and wait until it is gone, up to `attempts` times. 410 means there is
 * nothing (left) to delete. Returns the problem of each failed attempt and whether it ended gone.
 */
export async function deprovisionInstance(
  client: OsbTestClient,
  options: DeprovisionOptions,
): Promise<{ gone: boolean; nothing: boolean; problems: string[] }> {
  const path = `/v2/service_instances/${options.instanceId}`;
  const query = `service_id=${encodeURIComponent(options.serviceId)}&plan_id=${encodeURIComponent(options.planId)}&accepts_incomplete=true`;
  const problems: string[] = [];
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const response = await client.delete(`${path}?${query}`);
    const body = await readBody(response);
    if (response.status === 410) return { gone: true, nothing: attempt === 1, problems };
    if (response.status === 200) return { gone: true, nothing: false, problems };
    const problem =
      response.status === 202
        ? await waitForOperation(client, path, { ...options, goneIsDone: true, operation: body.operation })
        : answered("DELETE", response.status, body);
    if (problem === undefined) return { gone: true, nothing: false, problems };
    problems.push(problem);
    if (attempt === options.attempts) break;
    // 422: another operation of the instance is running (a resumed one, a binding's): let it end first.
    if (response.status === 422) await waitForOperation(client, path, { ...options, goneIsDone: true });
    else await new Promise((r) => setTimeout(r, options.pollIntervalMs));
  }
  return { gone: false, nothing: false, problems };
}

/** The failed attempts in one line: `2 attempts, each: <problem>` or `attempt 1: ...; attempt 2: ...`. */
export function formatAttempts(problems: readonly string[]): string {
  if (problems.length > 1 && problems.every((p) => p === problems[0]))
    return `${problems.length} attempts, each: ${problems[0]}`;
  return problems.map((p, i) => `attempt ${i + 1}: ${p}`).join("; ");
}
