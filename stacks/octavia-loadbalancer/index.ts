import { Token } from "cdktf";
import { LbListenerV2 } from "../../gen/providers/openstack/lb-listener-v2/index.js";
import { LbLoadbalancerV2 } from "../../gen/providers/openstack/lb-loadbalancer-v2/index.js";
import { LbPoolV2 } from "../../gen/providers/openstack/lb-pool-v2/index.js";
import { DataOpenstackNetworkingSubnetV2 } from "../../gen/providers/openstack/data-openstack-networking-subnet-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { restrictedApplicationCredential } from "../_lib/application-credential.js";
import { networkByName } from "../_lib/lookups.js";
import { instanceResourceName, requireSetting } from "../_lib/names.js";

const PROTOCOLS = ["HTTP", "HTTPS", "TCP", "UDP"] as const;
type Protocol = (typeof PROTOCOLS)[number];

/**
 * An Octavia load balancer with one listener and one pool. Setting `protocol` (`HTTP`, `HTTPS`,
 * `TCP`, `UDP`). Parameters: `network` (name or id of the VIP's network), `port` (listener port,
 * create only), `lb_method` (`ROUND_ROBIN`, `LEAST_CONNECTIONS`, `SOURCE_IP`).
 *
 * The VIP is on the network's IPv4 subnet, named explicitly (`vip_subnet_id`): Octavia refuses a VIP
 * network that has no subnet ("Supplied network does not contain a subnet"), and the lookup fails
 * earlier, at plan, naming the network.
 *
 * `port` is not updatable: `protocol_port` of openstack_lb_listener_v2 and `listener_id` of
 * openstack_lb_pool_v2 are ForceNew (resource_openstack_lb_listener_v2.go,
 * resource_openstack_lb_pool_v2.go), so a new port replaces the listener and then the pool, whose id
 * every binding's credential is limited to (and whose members the apps registered).
 *
 * Each binding gets an application credential limited to the pool's members, so the app (or its
 * operator) registers and removes its own backends.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "host", "port", "loadbalancer_id", "pool_id"],
  instance(scope, ctx) {
    const protocol = requireSetting(
      ctx,
      "protocol",
      (v): v is Protocol => PROTOCOLS.includes(v as Protocol),
      `one of ${PROTOCOLS.join(", ")}`,
    );
    const network = networkByName(scope, "network", ctx.param("network"));
    const subnet = new DataOpenstackNetworkingSubnetV2(scope, "vip_subnet", { networkId: network.id, ipVersion: 4 });
    const lb = new LbLoadbalancerV2(scope, "loadbalancer", {
      name: instanceResourceName(ctx),
      vipNetworkId: network.id,
      vipSubnetId: subnet.id,
      description: "Open Service Broker instance",
    });
    const listener = new LbListenerV2(scope, "listener", {
      name: instanceResourceName(ctx),
      loadbalancerId: lb.id,
      protocol,
      protocolPort: Token.asNumber(ctx.param("port")),
    });
    const pool = new LbPoolV2(scope, "pool", {
      name: instanceResourceName(ctx),
      listenerId: listener.id,
      protocol,
      lbMethod: ctx.param("lb_method"),
    });
    ctx.output("type", "loadbalancer");
    ctx.output("provider", "openstack-octavia");
    ctx.output("host", lb.vipAddress);
    ctx.output("port", listener.protocolPort);
    ctx.output("loadbalancer_id", lb.id);
    ctx.output("pool_id", pool.id);
  },
  binding(scope, ctx) {
    const pool = ctx.instanceOutput("pool_id");
    restrictedApplicationCredential(scope, ctx, {
      service: "load-balancer",
      paths: [
        `/v2/lbaas/pools/${pool}/members`,
        `/v2/lbaas/pools/${pool}/members/*`,
        `/v2.0/lbaas/pools/${pool}/members`,
        `/v2.0/lbaas/pools/${pool}/members/*`,
      ],
      methods: ["GET", "POST", "PUT", "DELETE"],
      description: `Open Service Broker binding: members of load balancer pool ${pool} only`,
    });
  },
});
