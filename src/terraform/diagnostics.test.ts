import { describe, expect, it } from "vitest";
import { fakeEvent } from "./fake-runner.js";
import {
  diagnosticFromEvent,
  diagnosticsFromText,
  diagnosticsFromValidate,
  joinErrorDiagnostics,
} from "./diagnostics.js";
import type { TerraformDiagnostic } from "./types.js";

const STDERR = `There are some problems with the CLI configuration:
╷
│ Warning: Unable to open CLI configuration file
│
│ The CLI configuration file at "/root/.terraformrc" does not exist.
╵


Error: Failed to parse command-line flags

flag provided but not defined: -input

For more help on using this command, run:
  terraform validate -help
`;

const error = (summary: string, detail = "", address?: string): TerraformDiagnostic => ({
  severity: "error",
  summary,
  detail,
  ...(address ? { address } : {}),
});

describe("diagnostics", () => {
  it("reads diagnostic events, with address or file:line", () => {
    const withAddress = fakeEvent("diagnostic", "Error: x", {
      diagnostic: { severity: "error", summary: "x", detail: "d", address: "terraform_data.a" },
    });
    expect(diagnosticFromEvent(withAddress)).toEqual(error("x", "d", "terraform_data.a"));
    const withRange = fakeEvent("diagnostic", "", {
      diagnostic: {
        severity: "warning",
        summary: "w",
        detail: "",
        range: { filename: "cdk.tf.json", start: { line: 7 } },
      },
    });
    expect(diagnosticFromEvent(withRange)).toEqual({
      severity: "warning",
      summary: "w",
      detail: "",
      address: "cdk.tf.json:7",
    });
    expect(diagnosticFromEvent(fakeEvent("log", "hello"))).toBeUndefined();
    expect(diagnosticsFromValidate({ valid: true, diagnostics: [] })).toEqual([]);
  });

  it("parses terraform's human-readable stderr, boxed or not", () => {
    const found = diagnosticsFromText(STDERR);
    expect(found.map((d) => [d.severity, d.summary])).toEqual([
      ["warning", "Unable to open CLI configuration file"],
      ["error", "Failed to parse command-line flags"],
    ]);
    expect(found[0].detail).toBe('The CLI configuration file at "/root/.terraformrc" does not exist.');
    expect(found[1].detail).toContain("flag provided but not defined: -input");
    expect(diagnosticsFromText("panic: boom", "terraform apply failed")).toEqual([
      error("terraform apply failed", "panic: boom"),
    ]);
    expect(diagnosticsFromText("  \n", "terraform apply failed")).toEqual([]);
  });

  it("joins error diagnostics into short summary: detail lines", () => {
    const list = [
      error("local-exec provisioner error", "Error running command 'x':\n exit status 1.", "terraform_data.bad"),
      { severity: "warning" as const, summary: "ignored", detail: "" },
      error("execution halted"),
      error("execution halted"),
    ];
    expect(joinErrorDiagnostics(list)).toBe(
      "local-exec provisioner error (terraform_data.bad): Error running command 'x': exit status 1.\nexecution halted",
    );
    expect(joinErrorDiagnostics([], { fallback: "terraform apply failed" })).toBe("terraform apply failed");
  });

  it("trims to the maximum length and redacts secrets", () => {
    const long = joinErrorDiagnostics([error("s", "x".repeat(5000))]);
    expect(long).toHaveLength(1000);
    expect(long.endsWith("…")).toBe(true);
    const redacted = joinErrorDiagnostics([error("auth failed", "password hunter22 rejected for user 1")], {
      secrets: ["hunter22", "1"],
    });
    expect(redacted).toBe("auth failed: password [redacted] rejected for user 1");
  });
});
