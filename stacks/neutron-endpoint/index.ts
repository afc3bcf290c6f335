import { Fn, Op, Token, ref } from "cdktf";
import { DataOpenstackNetworkingNetworkV2 } from "../../gen/providers/openstack/data-openstack-networking-network-v2/index.js";
import { NetworkingFloatingipV2 } from "../../gen/providers/openstack/networking-floatingip-v2/index.js";
import { NetworkingSecgroupRuleV2 } from "../../gen/providers/openstack/networking-secgroup-rule-v2/index.js";
import { NetworkingSecgroupV2 } from "../../gen/providers/openstack/networking-secgroup-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { NULL } from "../_lib/endpoints.js";
import { instanceResourceName, isString, requireSetting } from "../_lib/names.js";

/** Neutron ids are UUIDs. */
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/**
 * A floating IP and a security group for an endpoint that Kubernetes workloads (or anyone in the
 * allowed CIDRs) reach: the app (a LoadBalancer Service's `loadBalancerIP`, an Octavia VIP, a VM
 * port) uses the address and puts its port in the group.
 *
 * Setting `external_network`: the plan's external network (name or id); the parameter of the same
 * name overrides it. The network is looked up with `external = true`, so a network that is not
 * external fails the plan ("Your query returned no results"), and the floating IP's `pool` is its
 * name. Parameters `allowed_cidrs` and `ports`: one ingress TCP rule per CIDR and port (`count` over
 * the product, rule i = CIDR i / #ports, port i % #ports; rules are ForceNew, so a changed list
 * replaces the rules after the change, never the group or the address). An IPv6 CIDR gets an IPv6 rule.
 *
 * Bindings create nothing: the credentials are the address and the group id.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "floating_ip", "security_group_id", "external_network_id", "ports"],
  instance(scope, ctx) {
    const planNetwork = requireSetting(ctx, "external_network", isString, "a network name or id");
    const wanted = Token.asString(Fn.coalesce([ctx.param("external_network"), planNetwork]));
    const isId = Fn.can(Fn.regex(UUID, wanted));
    const network = new DataOpenstackNetworkingNetworkV2(scope, "external_network", {
      networkId: Token.asString(Fn.conditional(isId, wanted, NULL)),
      name: Token.asString(Fn.conditional(isId, NULL, wanted)),
      external: true,
    });
    const address = new NetworkingFloatingipV2(scope, "floating_ip", {
      pool: network.name,
      description: Token.asString(Fn.coalesce([ctx.param("description"), instanceResourceName(ctx)])),
    });
    const group = new NetworkingSecgroupV2(scope, "security_group", {
      name: instanceResourceName(ctx),
      description: "Open Service Broker endpoint: TCP from the allowed CIDRs",
    });
    const cidrs = Token.asList(ctx.param("allowed_cidrs"));
    const ports = Token.asList(ctx.param("ports"));
    const portCount = Fn.lengthOf(ports);
    const index = Token.asNumber(ref("count.index"));
    const cidr = Token.asString(Fn.element(cidrs, Fn.floor(Op.div(index, portCount))));
    const port = Token.asNumber(Fn.element(ports, Op.mod(index, portCount)));
    new NetworkingSecgroupRuleV2(scope, "ingress", {
      count: Token.asNumber(Op.mul(Fn.lengthOf(cidrs), portCount)),
      securityGroupId: group.id,
      direction: "ingress",
      protocol: "tcp",
      remoteIpPrefix: cidr,
      portRangeMin: port,
      portRangeMax: port,
      ethertype: Token.asString(Fn.conditional(Fn.can(Fn.cidrnetmask(cidr)), "IPv4", "IPv6")),
    });
    ctx.output("type", "endpoint");
    ctx.output("provider", "openstack-neutron");
    ctx.output("floating_ip", address.address);
    ctx.output("security_group_id", group.id);
    ctx.output("external_network_id", network.id);
    ctx.output("ports", ports);
  },
});
