/**
 * The provider's own validation functions whose behaviour the rules table names (`known`). Each
 * reproduces the provider's message (openstack/util.go ...). A provider validator the table does not
 * name a behaviour for is skipped (docs/simulator.md, "Provider rules").
 */
import { goQuote } from "./go-format.js";
import { goJsonError } from "./go-json.js";
import type { ValidationOutcome, ValidatorRunner } from "./sdk-validators.js";

const ok: ValidationOutcome = { warnings: [], errors: [] };

const KNOWN_VALIDATORS: Readonly<Record<string, (value: unknown, k: string) => ValidationOutcome>> = {
  /** util.go validateJSONObject: not empty, and json.Unmarshal into a map[string]any succeeds. */
  "json-object"(value, k) {
    if (value === null || value === "") return { warnings: [], errors: [`${goQuote(k)} value must not be empty`] };
    const error = goJsonError(String(value), "map[string]interface {}");
    return error ? { warnings: [], errors: [`${goQuote(k)} must be a JSON object: ${error}`] } : ok;
  },
};

/** Runs a provider-defined validator by its known behaviour; undefined when none is known. */
export const runProviderValidator: ValidatorRunner = (validator, value, k) => {
  const run = validator.known ? KNOWN_VALIDATORS[validator.known] : undefined;
  return run ? run(value, k) : undefined;
};

/** The behaviours {@link runProviderValidator} implements. */
export const KNOWN_PROVIDER_VALIDATORS: readonly string[] = Object.keys(KNOWN_VALIDATORS);
