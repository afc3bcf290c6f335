import { CloudConfigError, isMapping } from "./cloud-files.js";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import type { CloudMappingRule, CloudMatchValue } from "./cloud-routing.js";

const RULE_KEYS = ["match", "cloud"];
const CLOUD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads CLOUD_MAPPING_FILE: a YAML list of rules, first match wins, e.g.
 * ```yaml
 * - match: { platform: kubernetes, namespace: team-a }
 *   cloud: team-a
 * - match: { platform: cloudfoundry, organization_guid: 1b2c..., space_guid: [9f8e..., 7d6c...] }
 *   cloud: finance
 * ```
 * A `match` value is a string or a list of strings (any of them). Keys are OSB `context` keys
 * (`platform`, `namespace`, `clusterid`, `organization_guid`, `space_guid`, ...).
 * @throws CloudConfigError naming the file and the rule's field (`[1].match.namespace`).
 */
export function readCloudMappingFile(file: string): CloudMappingRule[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CloudConfigError(
      file,
      undefined,
      `cannot read the cloud mapping (CLOUD_MAPPING_FILE): ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  // No rule at all (an empty or comment-only file): js-yaml refuses an empty document.
  if (text.split("\n").every((line) => /^\s*(#.*)?$/.test(line))) return [];
  let document: unknown;
  try {
    document = load(text);
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    throw new CloudConfigError(
      file,
      undefined,
      `not valid YAML${mark === undefined ? "" : ` at line ${mark.line + 1}, column ${mark.column + 1}`}`,
    );
  }
  return parseCloudMapping(document ?? [], file);
}

/** Validates a parsed mapping document (a list of `{match, cloud}`); see {@link readCloudMappingFile}. */
export function parseCloudMapping(document: unknown, file: string): CloudMappingRule[] {
  if (!Array.isArray(document))
    throw new CloudConfigError(file, undefined, "must be a list of rules (- match: {...}\n  cloud: name)");
  return document.map((node, i) => {
    const at = `[${i}]`;
    if (!isMapping(node)) throw new CloudConfigError(file, at, "must be a mapping with `match` and `cloud`");
    const unknown = Object.keys(node).find((key) => !RULE_KEYS.includes(key));
    if (unknown !== undefined)
      throw new CloudConfigError(file, `${at}.${unknown}`, `unknown key (use ${RULE_KEYS.join(", ")})`);
    const cloud = node.cloud;
    if (typeof cloud !== "string" || !CLOUD_NAME.test(cloud)) {
      throw new CloudConfigError(
        file,
        `${at}.cloud`,
        "must be a clouds.yaml entry name (letters, digits, '.', '_', '-')",
      );
    }
    const match = node.match;
    if (!isMapping(match) || Object.keys(match).length === 0) {
      throw new CloudConfigError(file, `${at}.match`, "must be a non-empty mapping of context keys to values");
    }
    const out: Record<string, CloudMatchValue> = {};
    for (const [key, value] of Object.entries(match)) {
      const ok =
        typeof value === "string" ||
        (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
      if (!ok)
        throw new CloudConfigError(file, `${at}.match.${key}`, "must be a string or a non-empty list of strings");
      out[key] = value as CloudMatchValue;
    }
    return { match: out, cloud, source: `${file}: ${at}` };
  });
}
