import { Token } from "cdktf";
import { NetworkingNetworkV2 } from "../../gen/providers/openstack/networking-network-v2/index.js";
import { NetworkingRouterInterfaceV2 } from "../../gen/providers/openstack/networking-router-interface-v2/index.js";
import { NetworkingRouterV2 } from "../../gen/providers/openstack/networking-router-v2/index.js";
import { NetworkingSubnetV2 } from "../../gen/providers/openstack/networking-subnet-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { networkByName } from "../_lib/lookups.js";
import { instanceResourceName, isString } from "../_lib/names.js";

/**
 * A Neutron network with one IPv4 subnet — e.g. for the `network` parameter of nova-vm, baremetal,
 * trove-* and octavia-loadbalancer (they take the network's name). Setting `external_network`
 * (optional): the name of the external network a router connects the subnet to; absent, the network
 * is isolated. Parameters: `cidr`, `dns_nameservers` (list of IPs).
 *
 * There is no binding stack: a binding's credentials are the instance's outputs.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "network_id", "network_name", "subnet_id", "cidr"],
  instance(scope, ctx) {
    const external = ctx.plan.settings.external_network;
    if (external !== undefined && !isString(external))
      throw new Error(`plan ${ctx.plan.name}: settings.external_network must be a network name`);
    const network = new NetworkingNetworkV2(scope, "network", { name: instanceResourceName(ctx), adminStateUp: true });
    const subnet = new NetworkingSubnetV2(scope, "subnet", {
      name: instanceResourceName(ctx),
      networkId: network.id,
      cidr: ctx.param("cidr"),
      ipVersion: 4,
      enableDhcp: true,
      dnsNameservers: Token.asList(ctx.param("dns_nameservers")),
    });
    ctx.output("type", "network");
    ctx.output("provider", "openstack-neutron");
    ctx.output("network_id", network.id);
    ctx.output("network_name", network.name);
    ctx.output("subnet_id", subnet.id);
    ctx.output("cidr", subnet.cidr);
    if (external !== undefined) {
      const router = new NetworkingRouterV2(scope, "router", {
        name: instanceResourceName(ctx),
        externalNetworkId: networkByName(scope, "external", external).id,
      });
      new NetworkingRouterInterfaceV2(scope, "interface", { routerId: router.id, subnetId: subnet.id });
      ctx.output("router_id", router.id);
    }
  },
});
