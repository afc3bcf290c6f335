/**
 * cty attribute paths, as the SDK attaches them to diagnostics and RequiresReplace, and their
 * tfplugin6 wire form (`AttributePath.steps`: attribute_name / element_key_int / element_key_string).
 */

/** One step: an attribute, a list index or a map key. */
export type PathStep = { readonly attribute: string } | { readonly index: number } | { readonly key: string };

/** A path from the resource's root object. */
export type AttributePath = readonly PathStep[];

/** A diagnostic as the SDK returns it (diag.Diagnostic). */
export interface RuleDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

/** The tfplugin6 AttributePath message. */
export function toProtoPath(path: AttributePath): { steps: Record<string, string | number>[] } {
  return {
    steps: path.map(
      (step): Record<string, string | number> =>
        "attribute" in step
          ? { attribute_name: step.attribute }
          : "index" in step
            ? { element_key_int: step.index }
            : { element_key_string: step.key },
    ),
  };
}

/** The tfplugin6 Diagnostic message (no `attribute` for a diagnostic without a path, as the SDK sends it). */
export function toProtoDiagnostic(diagnostic: RuleDiagnostic): Record<string, unknown> {
  return {
    severity: diagnostic.severity === "error" ? "ERROR" : "WARNING",
    summary: diagnostic.summary,
    detail: diagnostic.detail ?? "",
    ...(diagnostic.path && diagnostic.path.length > 0 ? { attribute: toProtoPath(diagnostic.path) } : {}),
  };
}

/** Removes trailing steps that are not attributes (hcl2shim trimPaths: only an attribute can require replacement). */
export function trimToAttribute(path: AttributePath): AttributePath {
  let end = path.length;
  while (end > 0 && !("attribute" in path[end - 1])) end--;
  return path.slice(0, end);
}

/** A stable text form, for de-duplication and tests: `network[0].uuid`, `tags["a"]`. */
export function pathText(path: AttributePath): string {
  return path
    .map((step, i) =>
      "attribute" in step
        ? `${i === 0 ? "" : "."}${step.attribute}`
        : "index" in step
          ? `[${step.index}]`
          : `[${JSON.stringify(step.key)}]`,
    )
    .join("");
}
