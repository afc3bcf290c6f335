import { Fn, Token } from "cdktf";
import { ContainerinfraClusterV1 } from "../../gen/providers/openstack/containerinfra-cluster-v1/index.js";
import { DataOpenstackContainerinfraClustertemplateV1 } from "../../gen/providers/openstack/data-openstack-containerinfra-clustertemplate-v1/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { NULL } from "../_lib/endpoints.js";
import { instanceResourceName, isInteger, isString, requireSetting } from "../_lib/names.js";

/**
 * A Kubernetes cluster from Magnum. Settings: `cluster_template` (name of the operator's cluster
 * template, required), `master_count` (integer, required), `flavor` and `master_flavor` (Nova flavor
 * names, optional: the template's). Parameter: `node_count` (create and update: Magnum resizes in
 * place).
 *
 * The kubeconfig Magnum returns is the cluster's admin credential: there is no binding stack, every
 * binding receives it (rotate with Magnum's `rotate-ca` when a binding must be revoked).
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "host", "kubeconfig", "cluster_id"],
  instance(scope, ctx) {
    const templateName = requireSetting(ctx, "cluster_template", isString, "a Magnum cluster template name");
    const masterCount = requireSetting(ctx, "master_count", isInteger, "an integer");
    const optionalName = (key: string) => {
      const value = ctx.plan.settings[key];
      if (value !== undefined && !isString(value))
        throw new Error(`plan ${ctx.plan.name}: settings.${key} must be a flavor name`);
      return value;
    };
    const template = new DataOpenstackContainerinfraClustertemplateV1(scope, "template", { name: templateName });
    const cluster = new ContainerinfraClusterV1(scope, "cluster", {
      name: instanceResourceName(ctx),
      clusterTemplateId: template.id,
      masterCount,
      nodeCount: Token.asNumber(ctx.param("node_count")),
      flavor: optionalName("flavor"),
      masterFlavor: optionalName("master_flavor"),
    });
    const kubeconfig = cluster.getStringMapAttribute("kubeconfig");
    ctx.output("type", "kubernetes");
    ctx.output("provider", "openstack-magnum");
    ctx.output("cluster_id", cluster.id);
    ctx.output("host", cluster.apiAddress);
    ctx.output("kubeconfig", Fn.lookup(kubeconfig, "raw_config", NULL), { sensitive: true });
    ctx.output("coe_version", cluster.coeVersion);
  },
});
