import type { TerraformDiagnostic, TerraformEvent } from "./types.js";

/**
 * Terraform's errors and warnings, from `diagnostic` events, from the `diagnostics` array of
 * `validate -json`, or from the human-readable stderr of a command that failed before its JSON view
 * started (bad flags, CLI configuration problems). {@link joinErrorDiagnostics} turns them into one
 * short message fit for an OSB `last_operation` description.
 */

/** Default maximum length of a joined message. */
export const MAX_MESSAGE_LENGTH = 1000;

/** Redaction marker used in place of secret values. */
export const REDACTED = "[redacted]";

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Converts one diagnostic object (as terraform writes it in JSON) into a {@link TerraformDiagnostic}. */
export function toDiagnostic(raw: unknown): TerraformDiagnostic | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const d = raw as Record<string, unknown>;
  const severity = d.severity === "warning" ? "warning" : d.severity === "error" ? "error" : undefined;
  if (!severity) return undefined;
  const range = d.range as { filename?: unknown; start?: { line?: unknown } } | undefined;
  const where =
    typeof range?.filename === "string"
      ? `${range.filename}${typeof range.start?.line === "number" ? `:${range.start.line}` : ""}`
      : undefined;
  const address = str(d.address) || where;
  return { severity, summary: str(d.summary), detail: str(d.detail), ...(address ? { address } : {}) };
}

/** The diagnostic carried by a `diagnostic` event, if any. */
export function diagnosticFromEvent(event: TerraformEvent): TerraformDiagnostic | undefined {
  return event.type === "diagnostic" ? toDiagnostic(event.raw.diagnostic) : undefined;
}

/** The diagnostics of a `validate -json` document. */
export function diagnosticsFromValidate(document: unknown): TerraformDiagnostic[] {
  const list = (document as { diagnostics?: unknown } | null)?.diagnostics;
  if (!Array.isArray(list)) return [];
  return list.map(toDiagnostic).filter((d): d is TerraformDiagnostic => d !== undefined);
}

/**
 * Parses terraform's human-readable diagnostics ("Error: summary" / "Warning: summary" blocks, with
 * or without the │ box) from text such as stderr. Text with no such block but with content becomes
 * one error diagnostic when `fallbackSummary` is given.
 */
export function diagnosticsFromText(text: string, fallbackSummary?: string): TerraformDiagnostic[] {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/^\s*[│╷╵]\s?/, "").trimEnd());
  const found: TerraformDiagnostic[] = [];
  let current: { severity: "error" | "warning"; summary: string; detail: string[] } | undefined;
  const flush = (): void => {
    if (current)
      found.push({ severity: current.severity, summary: current.summary, detail: current.detail.join("\n").trim() });
    current = undefined;
  };
  for (const line of lines) {
    const match = /^(Error|Warning): (.*)$/.exec(line);
    if (match) {
      flush();
      current = { severity: match[1] === "Error" ? "error" : "warning", summary: match[2].trim(), detail: [] };
    } else if (current) {
      current.detail.push(line);
    }
  }
  flush();
  const trimmed = text.trim();
  if (found.length === 0 && fallbackSummary && trimmed !== "") {
    found.push({ severity: "error", summary: fallbackSummary, detail: trimmed.slice(-500) });
  }
  return found;
}

/** Drops repeated diagnostics (terraform often reports "execution halted" twice). */
export function dedupeDiagnostics(list: readonly TerraformDiagnostic[]): TerraformDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.severity}\u0000${d.summary}\u0000${d.detail}\u0000${d.address ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Options of {@link joinErrorDiagnostics}. */
export interface JoinDiagnosticsOptions {
  /** Maximum length of the result (default {@link MAX_MESSAGE_LENGTH}). */
  readonly maxLength?: number;
  /** Values that must never appear in the result (e.g. the command's extra environment values). */
  readonly secrets?: readonly string[];
  /** Returned when there is no error diagnostic. */
  readonly fallback?: string;
}

/** Replaces every occurrence of each secret (of 4+ characters) with {@link REDACTED}. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text;
  const sorted = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of sorted) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * Joins the error diagnostics into "summary (address): detail" lines, whitespace collapsed, secrets
 * redacted, cut to `maxLength` characters. Warnings are left out.
 */
export function joinErrorDiagnostics(
  list: readonly TerraformDiagnostic[],
  options: JoinDiagnosticsOptions = {},
): string {
  const maxLength = options.maxLength ?? MAX_MESSAGE_LENGTH;
  const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();
  const lines = dedupeDiagnostics(list.filter((d) => d.severity === "error")).map((d) => {
    const head = oneLine(d.summary) + (d.address ? ` (${d.address})` : "");
    const detail = oneLine(d.detail);
    return detail ? `${head}: ${detail}` : head;
  });
  const joined = redact(lines.length > 0 ? lines.join("\n") : (options.fallback ?? ""), options.secrets);
  return joined.length <= maxLength ? joined : `${joined.slice(0, Math.max(0, maxLength - 1))}…`;
}
