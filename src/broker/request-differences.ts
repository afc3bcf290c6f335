import type { BindDetails, ProvisionDetails } from "../domain/service-broker.js";
import type { BindingRecord, InstanceRecord } from "../state/records.js";
import { same } from "./request-checks.js";

/**
 * The attributes in which a repeated provision differs from the instance it names: empty when the
 * request is identical (the platform's retry or reconcile), else the OSB field names, in request
 * order, for the 409's description. The context is not compared: platforms re-send it with changed
 * labels and annotations on every reconcile.
 */
export function provisionDifferences(existing: InstanceRecord, details: ProvisionDetails): string[] {
  const differs: string[] = [];
  if (existing.serviceId !== details.service_id) differs.push("service_id");
  if (existing.planId !== details.plan_id) differs.push("plan_id");
  if ((existing.organizationGuid ?? "") !== (details.organization_guid ?? "")) differs.push("organization_guid");
  if ((existing.spaceGuid ?? "") !== (details.space_guid ?? "")) differs.push("space_guid");
  if (!same(existing.parameters, details.parameters)) differs.push("parameters");
  return differs;
}

/** The attributes in which a repeated bind differs from the binding it names (empty: identical). */
export function bindDifferences(existing: BindingRecord, details: BindDetails): string[] {
  const differs: string[] = [];
  if ((existing.appGuid ?? "") !== (details.app_guid ?? "")) differs.push("app_guid");
  if (!same(existing.bindResource, details.bind_resource)) differs.push("bind_resource");
  if (!same(existing.parameters, details.parameters)) differs.push("parameters");
  if ((existing.predecessorBindingId ?? "") !== (details.predecessor_binding_id ?? ""))
    differs.push("predecessor_binding_id");
  return differs;
}
