import { describe, expect, it } from "vitest";
import { bigIntToIp, hostOf, inCidr, ipToBigInt, lastHost } from "./ip-math.js";

describe("IP arithmetic (IPv4 and IPv6)", () => {
  it("hosts of a CIDR", () => {
    expect(hostOf("10.0.0.0/24", 1)).toBe("10.0.0.1");
    expect(lastHost("10.0.0.0/24")).toBe("10.0.0.254"); // the broadcast is not a host
    expect(hostOf("2001:db8::/64", 2)).toBe("2001:db8::2");
    expect(lastHost("2001:db8::/64")).toBe("2001:db8::ffff:ffff:ffff:ffff");
  });

  it("IPv6 text as RFC 5952 writes it (the longest run of zero groups compressed, a single zero not)", () => {
    expect(bigIntToIp(ipToBigInt("2560:d0c2:9d26:eb77:f3d5:8ca3:2069:7783"), "::")).toBe(
      "2560:d0c2:9d26:eb77:f3d5:8ca3:2069:7783",
    );
    expect(bigIntToIp(ipToBigInt("2001:0db8:0:0:1:0:0:1"), "::")).toBe("2001:db8::1:0:0:1");
    expect(bigIntToIp(ipToBigInt("2001:db8:0:1:1:1:1:1"), "::")).toBe("2001:db8:0:1:1:1:1:1");
  });

  it("membership, per family", () => {
    expect(inCidr("172.24.4.251", "172.24.4.0/24")).toBe(true);
    expect(inCidr("172.24.5.1", "172.24.4.0/24")).toBe(false);
    expect(inCidr("2001:db8::5", "2001:db8::/64")).toBe(true);
    expect(inCidr("2001:db8::5", "172.24.4.0/24")).toBe(false);
  });
});
