import type { OsbTestClient } from "../helpers/osb-test-client.js";
import type { Leftover } from "./leftovers.js";
import {
  answered,
  deprovisionInstance,
  formatAttempts,
  readBody as json,
  waitForOperation,
  type Body,
} from "./osb-steps.js";

/** The four OSB steps of a plan's live run. */
export type StepName = "provision" | "bind" | "unbind" | "deprovision";

/** How one step went. `skipped` says why in `message` (not bindable, an earlier step failed). */
export interface StepResult {
  readonly step: StepName;
  readonly status: "ok" | "failed" | "skipped";
  readonly durationMs: number;
  readonly message?: string;
}

/** One plan's run: every step, the credential names (never values) and what is left on the cloud. */
export interface PlanResult {
  readonly name: string;
  readonly instanceId: string;
  readonly steps: readonly StepResult[];
  readonly credentials: readonly string[];
  readonly leftovers: readonly Leftover[];
  /** Every step ok or skipped because the plan is not bindable, and nothing left. */
  readonly passed: boolean;
}

/** Options of {@link runPlanLifecycle}. */
export interface LifecycleOptions {
  readonly client: OsbTestClient;
  readonly name: string;
  readonly serviceId: string;
  readonly planId: string;
  readonly bindable: boolean;
  readonly instanceId: string;
  readonly bindingId?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly bindParameters: Readonly<Record<string, unknown>>;
  /** Limit of each step's wait for its operation. */
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** Deprovision attempts (DELETE + wait) before giving up. */
  readonly deprovisionAttempts: number;
  /** What the broker's states still hold for the instance (after deprovision). */
  readonly leftovers: (instanceId: string) => Promise<Leftover[]>;
  /** The values of the secret credentials the bind returned ({@link SECRET_CREDENTIAL}), so the report masks them wherever they appear. */
  readonly onSecrets?: (values: readonly string[]) => void;
  /** Progress: called as each step ends. */
  readonly onStep?: (name: string, step: StepResult) => void;
}

/** Credential names whose values are secrets (masked in everything printed); the others (hosts, ids, names) stay readable. */
export const SECRET_CREDENTIAL = /pass|secret|private|token|signature|key$|kubeconfig|cert|credentials?$/i;

/** The strings under a secret-named key, at any depth, to mask. */
function secretsOf(value: unknown, secret = false): string[] {
  if (typeof value === "string") return secret ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretsOf(v, secret));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([name, v]) => secretsOf(v, secret || SECRET_CREDENTIAL.test(name)));
  return [];
}

/**
 * Provision, bind, unbind, deprovision one plan through the broker's OSB API. MUST deprovision in a
 * `finally`, whatever failed before (a refused PUT leaves nothing: its DELETE answers 410), retrying
 * up to `deprovisionAttempts` times, and MUST then list what the broker's states still hold.
 */
export async function runPlanLifecycle(options: LifecycleOptions): Promise<PlanResult> {
  const { client, instanceId } = options;
  const bindingId = options.bindingId ?? "live-binding";
  const instancePath = `/v2/service_instances/${instanceId}`;
  const bindingPath = `${instancePath}/service_bindings/${bindingId}`;
  const ids = `service_id=${encodeURIComponent(options.serviceId)}&plan_id=${encodeURIComponent(options.planId)}`;
  const steps: StepResult[] = [];
  let credentials: string[] = [];

  const record = (step: StepName, started: number, status: StepResult["status"], message?: string) => {
    const result: StepResult = { step, status, durationMs: Date.now() - started, ...(message ? { message } : {}) };
    steps.push(result);
    options.onStep?.(options.name, result);
    return status === "ok";
  };
  const waiting = { timeoutMs: options.timeoutMs, pollIntervalMs: options.pollIntervalMs };
  const wait = (path: string, accepted: Body, goneIsDone = false) =>
    waitForOperation(client, path, { ...waiting, goneIsDone, operation: accepted.operation });

  const provision = async (): Promise<boolean> => {
    const started = Date.now();
    const put = await client.put(`${instancePath}?accepts_incomplete=true`, {
      service_id: options.serviceId,
      plan_id: options.planId,
      organization_guid: "org",
      space_guid: "space",
      context: { platform: "kubernetes", namespace: "osb-live-test" },
      parameters: options.parameters,
    });
    const body = await json(put);
    if (put.status !== 202 && put.status !== 201 && put.status !== 200)
      return record("provision", started, "failed", answered("PUT", put.status, body));
    const problem = put.status === 202 ? await wait(instancePath, body) : undefined;
    return record("provision", started, problem ? "failed" : "ok", problem);
  };

  const bind = async (): Promise<boolean> => {
    const started = Date.now();
    const put = await client.put(`${bindingPath}?accepts_incomplete=true`, {
      service_id: options.serviceId,
      plan_id: options.planId,
      app_guid: "osb-live-test",
      parameters: options.bindParameters,
    });
    let body = await json(put);
    if (put.status === 202) {
      const problem = await wait(bindingPath, body);
      if (problem) return record("bind", started, "failed", problem);
      const get = await client.get(bindingPath);
      body = await json(get);
      if (get.status !== 200) return record("bind", started, "failed", answered("GET binding", get.status, body));
    } else if (put.status !== 201 && put.status !== 200) {
      return record("bind", started, "failed", answered("PUT binding", put.status, body));
    }
    const creds = (body.credentials ?? {}) as Body;
    options.onSecrets?.(secretsOf(creds));
    credentials = Object.keys(creds).sort();
    const missing = ["type", "provider"].filter((key) => typeof creds[key] !== "string");
    if (missing.length > 0)
      return record(
        "bind",
        started,
        "failed",
        `credentials lack ${missing.join(", ")} (Service Binding spec; have: ${credentials.join(", ") || "none"})`,
      );
    return record("bind", started, "ok");
  };

  const unbind = async (): Promise<void> => {
    const started = Date.now();
    const del = await client.delete(`${bindingPath}?${ids}&accepts_incomplete=true`);
    const body = await json(del);
    if (del.status === 200) return void record("unbind", started, "ok");
    if (del.status !== 202)
      return void record("unbind", started, "failed", answered("DELETE binding", del.status, body));
    const problem = await wait(bindingPath, body, true);
    record("unbind", started, problem ? "failed" : "ok", problem);
  };

  const deprovision = async (): Promise<void> => {
    const started = Date.now();
    const { serviceId, planId, deprovisionAttempts: attempts } = options;
    const { gone, nothing, problems } = await deprovisionInstance(client, {
      ...waiting,
      instanceId,
      serviceId,
      planId,
      attempts,
    });
    if (!gone) return void record("deprovision", started, "failed", formatAttempts(problems));
    record(
      "deprovision",
      started,
      "ok",
      nothing
        ? "nothing to delete"
        : problems.length > 0
          ? `after ${problems.length + 1} attempts (${formatAttempts(problems)})`
          : undefined,
    );
  };

  const skip = (step: StepName, why: string) => record(step, Date.now(), "skipped", why);
  let current: { step: StepName; started: number } = { step: "provision", started: Date.now() };
  const start = (step: StepName) => (current = { step, started: Date.now() });
  try {
    const provisioned = await provision();
    if (!options.bindable) {
      skip("bind", "not bindable");
      skip("unbind", "not bindable");
    } else if (!provisioned) {
      skip("bind", "provision failed");
      skip("unbind", "provision failed");
    } else {
      start("bind");
      if (await bind()) {
        start("unbind");
        await unbind();
      } else {
        skip("unbind", "bind failed (deprovision removes the binding)");
      }
    }
  } catch (error) {
    // The broker went away or answered nonsense: record it where it happened; the rest did not run.
    record(current.step, current.started, "failed", `the broker could not be reached: ${(error as Error).message}`);
    for (const step of ["bind", "unbind"] as const)
      if (!steps.some((s) => s.step === step)) skip(step, `${current.step} failed`);
  } finally {
    // MUST run whatever happened above.
    await deprovision().catch((error: Error) =>
      record("deprovision", Date.now(), "failed", `the broker could not be reached: ${error.message}`),
    );
  }
  const leftovers = await options.leftovers(instanceId);
  const passed =
    leftovers.length === 0 &&
    steps.every((s) => s.status === "ok" || (s.status === "skipped" && s.message === "not bindable"));
  return { name: options.name, instanceId, steps, credentials, leftovers, passed };
}
