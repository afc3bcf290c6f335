import type { Json, ServiceBroker } from "./service-broker.js";

/**
 * A reusable ServiceBroker test double: records every call (with its arguments) and answers with
 * configurable responses — a value, an Error to throw/reject with, or a function of the arguments.
 * Used by the HTTP tests; usable by anyone who needs a broker without terraform.
 */

export type BrokerMethod = keyof ServiceBroker;
type Args<M extends BrokerMethod> = Parameters<ServiceBroker[M]>;
type Result<M extends BrokerMethod> = Awaited<ReturnType<ServiceBroker[M]>>;

/** How a method answers: a value, an Error (thrown, or rejected for async methods), or a function. */
export type FakeResponse<M extends BrokerMethod> =
  | Result<M>
  | Error
  | ((...args: Args<M>) => Result<M> | Promise<Result<M>>);

export type FakeResponses = { [M in BrokerMethod]?: FakeResponse<M> };

/** One recorded call. */
export interface FakeBrokerCall<M extends BrokerMethod = BrokerMethod> {
  readonly method: M;
  readonly args: Args<M>;
}

export interface FakeBroker extends ServiceBroker {
  /** Every call, in order. */
  readonly calls: FakeBrokerCall[];
  /** Every later call to `method` answers with `response`. */
  respond<M extends BrokerMethod>(method: M, response: FakeResponse<M>): void;
  /** The calls to one method, in order. */
  callsTo<M extends BrokerMethod>(method: M): FakeBrokerCall<M>[];
  /** The most recent call to `method`, if any. */
  lastCall<M extends BrokerMethod>(method: M): FakeBrokerCall<M> | undefined;
}

export interface FakeBrokerOptions {
  /** Overrides of the default responses. */
  readonly responses?: FakeResponses;
}

/** Ids of the one service and plan in the default catalog. */
export const FAKE_SERVICE_ID = "fake-service-id";
export const FAKE_PLAN_ID = "fake-plan-id";

/** The default catalog document: one bindable service with one plan. */
export const FAKE_CATALOG: Json = {
  services: [
    {
      id: FAKE_SERVICE_ID,
      name: "fake-service",
      description: "A service for tests",
      bindable: true,
      instances_retrievable: true,
      bindings_retrievable: true,
      plans: [{ id: FAKE_PLAN_ID, name: "default", description: "The only plan" }],
    },
  ],
};

/** Defaults: synchronous success everywhere, views of the fake service/plan. */
const DEFAULT_RESPONSES: Required<FakeResponses> = {
  catalog: FAKE_CATALOG,
  provision: { async: false },
  update: { async: false },
  deprovision: { async: false },
  getInstance: { service_id: FAKE_SERVICE_ID, plan_id: FAKE_PLAN_ID },
  lastOperation: { state: "succeeded" },
  bind: { async: false, credentials: {} },
  unbind: { async: false },
  getBinding: { credentials: {} },
  lastBindingOperation: { state: "succeeded" },
};

/** Creates a fake broker; see FakeBroker. */
export function createFakeBroker(options: FakeBrokerOptions = {}): FakeBroker {
  const responses = new Map<BrokerMethod, unknown>(
    Object.entries({ ...DEFAULT_RESPONSES, ...options.responses }) as [BrokerMethod, unknown][],
  );
  const calls: FakeBrokerCall[] = [];

  const answer = (method: BrokerMethod, args: unknown[]): unknown => {
    calls.push({ method, args } as FakeBrokerCall);
    const response = responses.get(method);
    if (response instanceof Error) throw response;
    if (typeof response === "function") return (response as (...a: unknown[]) => unknown)(...args);
    return structuredClone(response);
  };
  const answerAsync = async (method: BrokerMethod, args: unknown[]): Promise<never> => answer(method, args) as never;

  return {
    calls,
    respond: (method, response) => void responses.set(method, response),
    callsTo: <M extends BrokerMethod>(method: M) => calls.filter((c): c is FakeBrokerCall<M> => c.method === method),
    lastCall: <M extends BrokerMethod>(method: M) =>
      calls.filter((c): c is FakeBrokerCall<M> => c.method === method).at(-1),
    catalog: () => answer("catalog", []) as Json,
    provision: (...args) => answerAsync("provision", args),
    update: (...args) => answerAsync("update", args),
    deprovision: (...args) => answerAsync("deprovision", args),
    getInstance: (...args) => answerAsync("getInstance", args),
    lastOperation: (...args) => answerAsync("lastOperation", args),
    bind: (...args) => answerAsync("bind", args),
    unbind: (...args) => answerAsync("unbind", args),
    getBinding: (...args) => answerAsync("getBinding", args),
    lastBindingOperation: (...args) => answerAsync("lastBindingOperation", args),
  };
}
