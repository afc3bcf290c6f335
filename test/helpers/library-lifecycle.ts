import { expect } from "vitest";
import type { OsbTestClient } from "./osb-test-client.js";
import { keys, type StateRef } from "../../src/state/keys.js";
import { documentedCredentialKeys, EXAMPLES, missingCredentials, type LibraryPlan } from "./service-library.js";

/** Options of {@link runLibraryPlan}. */
export interface LibraryPlanOptions {
  readonly client: OsbTestClient;
  /** Polls the instance's last_operation until it is no longer in progress. */
  readonly waitForInstance: (instanceId: string) => Promise<{ status: number; body: Record<string, unknown> }>;
  /** Reads a stored object of the broker's state store (`instances/<id>/tfstate`...). */
  readonly readStore: (key: string) => Promise<Uint8Array | undefined>;
  /** `type:id` of every resource in the simulated cloud. */
  readonly cloudResources: () => Promise<readonly string[]>;
  /** Further checks once the instance is provisioned, given its resources (`type:id`). */
  readonly onProvisioned?: (instanceResources: readonly string[]) => Promise<void>;
}

/** What one plan's run gave, for further assertions. */
export interface LibraryPlanResult {
  readonly credentials: Readonly<Record<string, unknown>>;
  readonly instanceResources: readonly string[];
  readonly bindingResources: readonly string[];
}

/**
 * One plan of the library through a broker's OSB API: provision, bind, unbind, deprovision. The
 * resources of the instance and of the binding are those their terraform states hold (so plans may
 * run concurrently on one cloud): each exists in the simulated cloud after its apply; unbind removes
 * exactly the binding's; deprovision removes the instance's. Credentials follow the Service Binding
 * spec (`type`, `provider`) and carry every key the construct's README documents for the plan, none
 * null or empty.
 */
export async function runLibraryPlan(entry: LibraryPlan, options: LibraryPlanOptions): Promise<LibraryPlanResult> {
  const { service, plan, name, id } = entry;
  const { client } = options;
  const example = EXAMPLES[name] ?? {};
  const exist = async (resources: readonly string[]) => {
    const cloud = await options.cloudResources();
    return resources.filter((r) => cloud.includes(r));
  };

  const put = await client.put(`/v2/service_instances/${id}?accepts_incomplete=true`, {
    service_id: service.id,
    plan_id: plan.id,
    organization_guid: "org",
    space_guid: "space",
    context: { platform: "kubernetes", namespace: "apps" },
    parameters: example.parameters ?? {},
  });
  expect(put.status, await put.clone().text()).toBe(202);
  const provisioned = await options.waitForInstance(id);
  expect(provisioned.body.state, `${name}: ${provisioned.body.description}`).toBe("succeeded");
  const instanceResources = managedResources(await options.readStore(keys.tfstate({ instanceId: id })));
  expect(await exist(instanceResources), `${name}: the instance's resources exist`).toEqual(instanceResources);
  await options.onProvisioned?.(instanceResources);

  let credentials: Record<string, unknown> = {};
  let bindingResources: string[] = [];
  if (plan.bindable) {
    // OSB: a binding_id MUST be globally unique (spec, "Binding"). Plans running at once on one cloud
    // would otherwise collide where the service's names are per user, not per instance: Nova key
    // pairs (`osb-<binding id>`) get Nova's 409 "Key pair ... already exists", as on a real cloud.
    const bindingId = `${id}-b1`;
    const binding: StateRef = { instanceId: id, bindingId };
    const bind = await client.put(`/v2/service_instances/${id}/service_bindings/${bindingId}`, {
      service_id: service.id,
      plan_id: plan.id,
      app_guid: "app",
      parameters: example.bind ?? {},
    });
    const body = (await bind.json()) as { credentials: Record<string, unknown>; description?: string };
    expect(bind.status, `${name}: ${body.description}`).toBe(201);
    credentials = body.credentials;
    expect(credentials.type, `${name} credentials: ${Object.keys(credentials)}`).toEqual(expect.any(String));
    expect(credentials.provider).toEqual(expect.any(String));
    const documented = documentedCredentialKeys(plan, service);
    expect(
      missingCredentials(credentials, documented),
      `${name}: documented credentials absent, null or empty (have ${JSON.stringify(credentials)})`,
    ).toEqual([]);
    bindingResources = managedResources(await options.readStore(keys.tfstate(binding)));
    expect(await exist(bindingResources), `${name}: the binding's resources exist`).toEqual(bindingResources);

    const unbind = await client.delete(
      `/v2/service_instances/${id}/service_bindings/${bindingId}?service_id=${service.id}&plan_id=${plan.id}`,
    );
    expect(unbind.status, `${name}: ${await unbind.clone().text()}`).toBe(200);
    expect(await exist(bindingResources), `${name}: unbind leaves no binding resource`).toEqual([]);
    expect(await exist(instanceResources), `${name}: unbind keeps the instance's resources`).toEqual(instanceResources);
  }

  // Every plan creates something (an instance stack of lookups only has a binding that creates): the checks above are not vacuous.
  expect(
    instanceResources.length + bindingResources.length,
    `${name}: no OpenStack resource in its terraform states`,
  ).toBeGreaterThan(0);

  const del = await client.delete(
    `/v2/service_instances/${id}?service_id=${service.id}&plan_id=${plan.id}&accepts_incomplete=true`,
  );
  expect(del.status).toBe(202);
  const gone = await options.waitForInstance(id);
  expect(gone.status, `${name}: ${JSON.stringify(gone.body)}`).toBe(410);
  expect(await exist(instanceResources), `${name}: deprovision leaves nothing`).toEqual([]);
  return { credentials, instanceResources, bindingResources };
}

/** `type:id` of the OpenStack resources a terraform state (format 4) holds; data sources excluded. */
export function managedResources(state: Uint8Array | undefined): string[] {
  if (state === undefined) return [];
  const parsed = JSON.parse(new TextDecoder().decode(state)) as {
    resources?: { mode: string; type: string; instances: { attributes: { id?: string } }[] }[];
  };
  return (parsed.resources ?? [])
    .filter((r) => r.mode === "managed" && r.type.startsWith("openstack_"))
    .flatMap((r) => r.instances.map((i) => `${r.type}:${i.attributes.id}`))
    .sort();
}
