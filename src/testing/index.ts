/**
 * The service test kit: what a platform engineer's tests of a service (`stacks/<name>/index.test.ts`)
 * import. Synthesize a plan like the broker, run its lifecycle with real terraform against the
 * OpenStack simulator, check an update the way the broker's guard would, evaluate an expression a
 * construct writes. It does not depend on a test runner: failures are thrown `Error`s naming the
 * plan and the check. See README.md beside this file and docs/writing-a-service.md.
 */
export {
  type CatalogEntry,
  type CatalogEntryOptions,
  catalogPlansForStack,
  loadCatalogEntry,
  loadDefinition,
  readCatalog,
} from "./catalog-entry.js";
export { type EvaluateHclOptions, evaluateHcl } from "./hcl-expression.js";
export { checkPlanOnSimulator, type PlanCheckOptions, type PlanCheckResult } from "./plan-check.js";
export {
  assertNoRequestLiterals,
  type SynthesizedService,
  type SynthesizeServiceOptions,
  synthesizeService,
  TEST_BINDING_ID,
  TEST_INSTANCE_ID,
  testSecret,
} from "./service-harness.js";
export { runServiceLifecycle, type ServiceLifecycleOptions, type ServiceLifecycleResult } from "./service-lifecycle.js";
export {
  createStackWorkspace,
  outputValues,
  type ResourceChange,
  type StackWorkspace,
  type StackWorkspaceOptions,
} from "./stack-workspace.js";
export { type SuiteHooks, useTestSimulator } from "./simulator-hooks.js";
export {
  SERVICE_LIBRARY_SIMULATOR_CONFIG,
  startTestSimulator,
  type TestSimulator,
  type TestSimulatorOptions,
} from "./test-simulator.js";
export { type PlannedUpdate, type PlanUpdateOptions, planUpdate, type UpdateSide } from "./update-check.js";
