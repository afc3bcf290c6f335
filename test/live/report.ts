import type { PlanResult, StepName } from "./lifecycle.js";
import type { Leftover } from "./leftovers.js";
import { largestPlan, type Preflight } from "./preflight.js";

/** Masks every secret the run has seen (broker password, credential values) wherever it appears. */
export interface Redactor {
  add(values: readonly string[]): void;
  redact(text: string): string;
}

/** Creates a redactor; values shorter than 6 characters are not masked (they would mask ordinary words). */
export function createRedactor(initial: readonly string[] = []): Redactor {
  const secrets = new Set<string>();
  const add = (values: readonly string[]) => values.filter((v) => v.length >= 6).forEach((v) => secrets.add(v));
  add(initial);
  return {
    add,
    redact(text) {
      let out = text;
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join("<redacted>");
      return out;
    },
  };
}

/** `950ms`, `4.2s`, `3m07s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Where and what a run is, printed first. */
export interface RunHeader {
  readonly cloud: string;
  readonly runId: string;
  readonly runDir: string;
  readonly plans: number;
}

export function formatHeader(h: RunHeader): string {
  return (
    `Live test of openstack-service-broker on cloud "${h.cloud}" (run ${h.runId}, ${h.plans} plan${h.plans === 1 ? "" : "s"})\n` +
    `Run directory: ${h.runDir} (the broker's state, broker.log, report.txt)\n`
  );
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));
const counts = (creates: Readonly<Record<string, number>>) =>
  Object.entries(creates)
    .map(([type, n]) => (n === 1 ? type : `${n} ${type}`))
    .join(", ");

/** The preflight: every prerequisite, every plan's terraform plan, the quota peak, the verdict. */
export function formatPreflight(preflight: Preflight): string {
  const lines = ["Preflight (read-only: nothing is created)"];
  for (const check of preflight.checks) {
    lines.push(`  ${pad(check.ok ? "ok" : "MISSING", 9)}${pad(check.name, 13)}${check.detail}`);
    for (const need of check.needs ?? []) lines.push(`      ${need}`);
  }
  const width = Math.max(20, ...preflight.plans.map((p) => p.name.length + 2));
  lines.push("  Plans (terraform plan of each instance stack: lookups only):");
  for (const plan of preflight.plans) {
    const [first = "", ...rest] = plan.problems;
    const what = plan.ok ? `creates ${counts(plan.creates) || "nothing"}` : first;
    lines.push(`    ${pad(plan.ok ? "ok" : "MISSING", 9)}${pad(plan.name, width)}${what}`);
    for (const more of rest) lines.push(`    ${" ".repeat(9 + width)}${more}`);
  }
  const peak = largestPlan(preflight.plans.filter((p) => p.ok));
  lines.push(
    peak === undefined
      ? "  Quotas are not read from the cloud."
      : `  Quotas are not read from the cloud. Plans run one at a time; the largest, ${peak.name}, creates ${peak.total}: ${counts(peak.creates)} (plus one binding's resources).`,
  );
  const missing = preflight.plans.filter((p) => !p.ok);
  if (preflight.ready) {
    lines.push("Ready: every check passed.");
  } else {
    const failedChecks = preflight.checks.filter((c) => !c.ok).map((c) => c.name);
    const parts = [
      ...(failedChecks.length ? [`missing: ${failedChecks.join(", ")}`] : []),
      ...(missing.length ? [`${missing.length} of ${preflight.plans.length} plans lack something`] : []),
    ];
    lines.push(`Not ready (${parts.join("; ")}): nothing was created.`);
    const ready = preflight.plans.filter((p) => p.ok).map((p) => p.name);
    if (failedChecks.length === 0 && ready.length > 0)
      lines.push(`  To run only the ready plans: LIVE_PLANS=${ready.join(",")}`);
  }
  return `${lines.join("\n")}\n`;
}

const STEPS: readonly StepName[] = ["provision", "bind", "unbind", "deprovision"];

/** One line per plan (step status and time), the failures' messages under it. */
export function formatResults(results: readonly PlanResult[]): string {
  const width = Math.max(20, ...results.map((r) => r.name.length + 2));
  const lines = ["Results", `  ${pad("plan", width)}${STEPS.map((s) => pad(s, 15)).join("")}total`];
  for (const result of results) {
    const cells = STEPS.map((name) => {
      const step = result.steps.find((s) => s.step === name);
      if (step === undefined) return pad("-", 15);
      return pad(
        step.status === "skipped"
          ? "skipped"
          : `${step.status === "ok" ? "ok" : "FAILED"} ${formatDuration(step.durationMs)}`,
        15,
      );
    });
    const total = result.steps.reduce((sum, s) => sum + s.durationMs, 0);
    lines.push(`  ${pad(result.name, width)}${cells.join("")}${formatDuration(total)}`);
    for (const step of result.steps) {
      if (step.status === "failed" || (step.message && step.status === "ok"))
        lines.push(`      ${step.step}: ${step.message}`);
    }
    if (result.credentials.length > 0) lines.push(`      credentials: ${result.credentials.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** What is left on the cloud, with ids, and how to remove it; or that nothing is. */
export function formatLeftovers(leftovers: readonly Leftover[], runDir: string): string {
  if (leftovers.length === 0)
    return "Leftovers: none (every instance deprovisioned; the broker holds no terraform state).\n";
  const lines = ["Leftovers — still on the cloud (ids from the broker's terraform states):"];
  for (const l of leftovers)
    lines.push(`  ${l.instanceId}${l.bindingId ? ` binding ${l.bindingId}` : ""}  ${l.address}  id=${l.id}`);
  lines.push(`  Clean up: npm run test:live -- --cleanup ${runDir}   (deprovisions them again; or delete them by id)`);
  return `${lines.join("\n")}\n`;
}

/** The last line: how many plans passed. */
export function formatVerdict(results: readonly PlanResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `Result: ${passed} of ${results.length} plan${results.length === 1 ? "" : "s"} passed${
    passed === results.length
      ? ""
      : `; failed: ${results
          .filter((r) => !r.passed)
          .map((r) => r.name)
          .join(", ")}`
  }\n`;
}
