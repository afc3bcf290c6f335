import type { BrokerContext } from "./broker-context.js";

/** Whether the operation is still running (or queued). */
export async function operationInProgress(ctx: BrokerContext, operationId: string, instanceId: string): Promise<boolean> {
  const op = await ctx.records.getOperation(instanceId, operationId);
  return op?.state === "in progress";
}

/** Whether any binding of the instance has an operation in progress. */
export async function bindingOperationInProgress(ctx: BrokerContext, instanceId: string): Promise<boolean> {
  for (const binding of await ctx.records.listBindings(instanceId)) {
    if (await operationInProgress(ctx, binding.lastOperationId, instanceId)) return true;
  }
  return false;
}

/** Waits until an operation ends and returns its final record (it may already have ended). */
export async function waitForOperation(ctx: BrokerContext, instanceId: string, operationId: string) {
  try {
    return await ctx.worker.completion(operationId);
  } catch {
    const op = await ctx.records.getOperation(instanceId, operationId);
    if (op === undefined || op.state === "in progress") throw new Error(`operation ${operationId} is not running`);
    return op;
  }
}
