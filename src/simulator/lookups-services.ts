/**
 * openstack_containerinfra_clustertemplate_v1 (Magnum) and openstack_sharedfilesystem_sharenetwork_v2
 * (Manila): the inventory's and the cloud's cluster templates and share networks.
 */
import { SimulatedApiError } from "./api-errors.js";
import { PROJECT_ID } from "./generic-fill.js";
import { keep, MANY_RESULTS, NO_RESULTS, one, setNumber, strings, text, type LookupReader } from "./lookup-results.js";
import type { TfObject } from "./msgpack-values.js";
import { unexpectedResponse } from "./service-errors.js";

/**
 * data_source_openstack_containerinfra_clustertemplate_v1.go: a GET by name or id (Magnum: 404
 * ClusterTemplateNotFound; 409 when several templates share the name), wrapped as
 * "Error getting openstack_containerinfra_clustertemplate_v1 <name>: ...".
 */
export const clusterTemplate: LookupReader = async (config, sim, cloud) => {
  const name = text(config, "name") ?? "";
  const all: TfObject[] = [
    ...sim.inventory.clusterTemplates.map((t): TfObject => ({ id: t.id, name: t.name, coe: t.coe ?? "kubernetes" })),
    ...(await cloud.list("openstack_containerinfra_clustertemplate_v1")).map(
      (r): TfObject => ({ ...r.state, id: r.id }),
    ),
  ];
  const matches = all.filter((t) => t.id === name || t.name === name);
  const fail = (status: number, detail: string) =>
    new SimulatedApiError(
      `Error getting openstack_containerinfra_clustertemplate_v1 ${name}: ${unexpectedResponse({
        method: "GET",
        service: "container-infra",
        path: `/clustertemplates/${name}`,
        expected: [200],
        status,
        body: {
          errors: [{ request_id: "", code: "client", status, title: detail.replace(/\.$/, ""), detail, links: [] }],
        },
      })}`,
    );
  if (matches.length === 0) throw fail(404, `ClusterTemplate ${name} could not be found.`);
  if (matches.length > 1)
    throw fail(409, "Multiple clustertemplates exist with same name. Please use the clustertemplate uuid instead.");
  return keep(config, matches[0]);
};

const SHARE_NETWORK_TEXT = ["name", "description", "project_id", "neutron_net_id", "neutron_subnet_id", "network_type"];

/**
 * data_source_openstack_sharedfilesystem_sharenetwork_v2.go: Manila's detailed list by name,
 * description, project_id, neutron_net_id, neutron_subnet_id, network_type, ip_version and
 * segmentation_id (gophercloud leaves 0 out of the query); then, with `security_service_id`, the
 * share networks using that security service; exactly one.
 */
export const shareNetwork: LookupReader = async (config, sim, cloud) => {
  const all: TfObject[] = [
    ...(sim.inventory.shareNetworks ?? []).map(
      (n): TfObject => ({
        id: n.id,
        name: n.name,
        description: "",
        project_id: PROJECT_ID,
        neutron_net_id: n.neutronNetId ?? "",
        neutron_subnet_id: n.neutronSubnetId ?? "",
        network_type: "",
        ip_version: 0,
        segmentation_id: 0,
        cidr: "",
        security_service_ids: [],
      }),
    ),
    ...(await cloud.list("openstack_sharedfilesystem_sharenetwork_v2")).map(
      (r): TfObject => ({ ...r.state, id: r.id }),
    ),
  ];
  let matches = all.filter(
    (n) =>
      SHARE_NETWORK_TEXT.every((key) => !text(config, key) || n[key] === text(config, key)) &&
      ["ip_version", "segmentation_id"].every((key) => setNumber(config, key) === undefined || n[key] === config[key]),
  );
  if (matches.length === 0) throw new SimulatedApiError(NO_RESULTS);
  const service = text(config, "security_service_id");
  if (service) {
    matches = matches.filter((n) => strings(n.security_service_ids).includes(service));
    if (matches.length === 0) {
      throw new SimulatedApiError(
        "Your query returned no results after the security service ID filter. Please change your search criteria and try again",
      );
    }
  }
  return keep(config, one(matches, MANY_RESULTS));
};
