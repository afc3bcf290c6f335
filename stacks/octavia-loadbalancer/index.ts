import { Token } from "cdktf";
import { LbListenerV2 } from "../../gen/providers/openstack/lb-listener-v2/index.js";
import { LbLoadbalancerV2 } from "../../gen/providers/openstack/lb-loadbalancer-v2/index.js";
import { LbPoolV2 } from "../../gen/providers/openstack/lb-pool-v2/index.js";
import { defineService } from "../../src/synth/service-definition.js";
import { restrictedApplicationCredential } from "../_lib/application-credential.js";
import { networkByName } from "../_lib/lookups.js";
import { instanceResourceName, requireSetting } from "../_lib/names.js";

const PROTOCOLS = ["HTTP", "HTTPS", "TCP", "UDP"] as const;
type Protocol = (typeof PROTOCOLS)[number];

/**
 * An Octavia load balancer with one listener and one pool. Setting `protocol` (`HTTP`, `HTTPS`,
 * `TCP`, `UDP`). Parameters: `network` (name of the VIP's network), `port` (listener port),
 * `lb_method` (`ROUND_ROBIN`, `LEAST_CONNECTIONS`, `SOURCE_IP`).
 *
 * Each binding gets an application credential limited to the pool's members, so the app (or its
 * operator) registers and removes its own backends.
 */
export default defineService({
  providers: ["openstack"],
  credentials: ["type", "provider", "host", "port", "loadbalancer_id", "pool_id"],
  instance(scope, ctx) {
    const protocol = requireSetting(ctx, "protocol", (v): v is Protocol => PROTOCOLS.includes(v as Protocol), `one of ${PROTOCOLS.join(", ")}`);
    const network = networkByName(scope, "network", ctx.param("network"));
    const lb = new LbLoadbalancerV2(scope, "loadbalancer", {
      name: instanceResourceName(ctx),
      vipNetworkId: network.id,
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
      paths: [`/v2/lbaas/pools/${pool}/members`, `/v2/lbaas/pools/${pool}/members/*`, `/v2.0/lbaas/pools/${pool}/members`, `/v2.0/lbaas/pools/${pool}/members/*`],
      methods: ["GET", "POST", "PUT", "DELETE"],
      description: `Open Service Broker binding: members of load balancer pool ${pool} only`,
    });
  },
});
