import { describe, expect, it } from "vitest";
import { goQuote, goQuoteSlice, goSprintf } from "./go-format.js";
import { goJsonError, normalizeJsonString } from "./go-json.js";
import { goRegExpError } from "./go-regexp.js";
import { rfc3339Error } from "./go-time.js";
import { goParseRequestUriError } from "./go-url.js";
import { runProviderValidator } from "./provider-validators.js";
import { runSdkValidator } from "./sdk-validators.js";

// Expected texts are Go's (strconv.Quote, time.Parse, encoding/json, regexp, net/url) and the SDK's
// helper/validation messages.
describe("Go's formatting", () => {
  it("quotes like strconv.Quote and %q of a []string", () => {
    expect(goQuote('a"b\\c\n\u00e9\u0001')).toBe('"a\\"b\\\\c\\né\\x01"');
    expect(goQuote("é", true)).toBe('"\\u00e9"');
    expect(goQuoteSlice(["GET", "PUT"])).toBe('["GET" "PUT"]');
    expect(goSprintf("unknown %q %s for x: %w", ["v", "k", "err"])).toBe('unknown "v" k for x: err');
    expect(goSprintf("one of: %+q", [["a", "b"]])).toBe('one of: ["a" "b"]');
  });

  it("time.Parse(time.RFC3339) errors", () => {
    expect(rfc3339Error("2024-01-31T10:00:00Z")).toBeUndefined();
    expect(rfc3339Error("2024-01-31T10:00:00.123+02:00")).toBeUndefined();
    expect(rfc3339Error("tomorrow")).toBe(
      'parsing time "tomorrow" as "2006-01-02T15:04:05Z07:00": cannot parse "tomorrow" as "2006"',
    );
    expect(rfc3339Error("2024-01-31")).toBe(
      'parsing time "2024-01-31" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
    );
    expect(rfc3339Error("2024-13-01T00:00:00Z")).toBe('parsing time "2024-13-01T00:00:00Z": month out of range');
    expect(rfc3339Error("2023-02-29T00:00:00Z")).toBe('parsing time "2023-02-29T00:00:00Z": day out of range');
    expect(rfc3339Error("2024-01-31T10:00:00")).toBe(
      'parsing time "2024-01-31T10:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    );
    expect(rfc3339Error("2024-01-31T10:00:00Zjunk")).toBe(
      'parsing time "2024-01-31T10:00:00Zjunk": extra text: "junk"',
    );
  });

  it("json.Unmarshal errors and NormalizeJsonString", () => {
    expect(goJsonError('{"a": 1}', "map[string]interface {}")).toBeUndefined();
    expect(goJsonError("", "map[string]interface {}")).toBe("unexpected end of JSON input");
    expect(goJsonError('{"a" 1}', "map[string]interface {}")).toBe("invalid character '1' after object key");
    expect(goJsonError("nope", "map[string]interface {}")).toBe(
      "invalid character 'o' in literal null (expecting 'u')",
    );
    expect(goJsonError("x", "map[string]interface {}")).toBe("invalid character 'x' looking for beginning of value");
    expect(goJsonError("[1]", "map[string]interface {}")).toBe(
      "json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
    expect(normalizeJsonString('{ "b": "<x>", "a": [1, 2.5] }')).toBe('{"a":[1,2.5],"b":"\\u003cx\\u003e"}');
  });

  it("regexp.Compile and url.ParseRequestURI errors", () => {
    expect(goRegExpError("^ab+$")).toBeUndefined();
    expect(goRegExpError("(ab")).toBe("error parsing regexp: missing closing ): `(ab`");
    expect(goRegExpError("a(?=b)")).toBe("error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
    expect(goRegExpError("*a")).toBe("error parsing regexp: missing argument to repetition operator: `*`");
    expect(goParseRequestUriError("https://example.com/x")).toBeUndefined();
    expect(goParseRequestUriError("example.com")).toBe('parse "example.com": invalid URI for request');
    expect(goParseRequestUriError("")).toBe('parse "": empty url');
  });
});

describe("validators", () => {
  const sdk = (fn: string, value: string | number, args: (string | number | boolean | string[] | number[])[] = []) =>
    runSdkValidator({ fn, args }, value, "cidr")?.errors;

  it("helper/validation's messages", () => {
    expect(sdk("IsCIDR", "10.0.0.0/33")).toEqual([
      'expected "cidr" to be a valid IPv4 Value, got 10.0.0.0/33: invalid CIDR address: 10.0.0.0/33',
    ]);
    expect(sdk("IsCIDR", "10.0.0.0/24")).toEqual([]);
    expect(sdk("IsIPAddress", "10.0.0.300")).toEqual(["expected cidr to contain a valid IP, got: 10.0.0.300"]);
    expect(sdk("IsUUID", "abc")).toEqual(['expected "cidr" to be a valid UUID, got abc']);
    expect(sdk("IntInSlice", 5, [[4, 6]])).toEqual(["expected cidr to be one of [4 6], got 5"]);
    expect(sdk("IntAtLeast", 0, [1])).toEqual(["expected cidr to be at least (1), got 0"]);
    expect(sdk("IsRFC3339Time", "soon")).toEqual([
      'expected "cidr" to be a valid RFC3339 date, got "soon": parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"',
    ]);
    expect(sdk("StringMatch", "zone", ["^$|\\.$", "must end with a dot"])).toEqual([
      "invalid value for cidr (must end with a dot)",
    ]);
    expect(sdk("StringMatch", "zone", ["^$|\\.$"])).toEqual([
      'expected value of cidr to match regular expression "^$|\\\\.$", got zone',
    ]);
    expect(runSdkValidator({ fn: "validateSomethingElse" }, "x", "k")).toBeUndefined();
  });

  it("the provider's own validators, by known behaviour", () => {
    // networking_secgroup_rule_v2.go resourceNetworkingSecGroupRuleV2Direction / Protocol.
    const direction = {
      fn: "resourceNetworkingSecGroupRuleV2Direction",
      provider: true as const,
      known: "string-in-slice",
      args: [["ingress", "egress"], false],
      message: "unknown %q %s for openstack_networking_secgroup_rule_v2",
    };
    expect(runProviderValidator(direction, "in", "direction")?.errors).toEqual([
      'unknown "in" direction for openstack_networking_secgroup_rule_v2',
    ]);
    const protocol = {
      fn: "p",
      provider: true as const,
      known: "string-in-slice-or-int-between",
      args: [["tcp"], 0, 255],
      message: "unknown %q %s for openstack_networking_secgroup_rule_v2: %w",
    };
    expect(runProviderValidator(protocol, "6", "protocol")?.errors).toEqual([]);
    expect(runProviderValidator(protocol, "300", "protocol")?.errors).toEqual([
      'unknown "300" protocol for openstack_networking_secgroup_rule_v2',
    ]);
    expect(runProviderValidator(protocol, "tcpx", "protocol")?.errors).toEqual([
      'unknown "tcpx" protocol for openstack_networking_secgroup_rule_v2: strconv.Atoi: parsing "tcpx": invalid syntax',
    ]);
    // resource_openstack_vpnaas_ike_policy_v2.go formats (k, v): the table's messageArgs give the order.
    const ike = {
      fn: "resourceIKEPolicyV2AuthAlgorithm",
      provider: true as const,
      known: "string-in-slice",
      args: [["sha1"], false],
      message: "unknown %q %s for openstack_vpnaas_ike_policy_v2",
      messageArgs: ["key", "value"],
    };
    expect(runProviderValidator(ike, "md5", "auth_algorithm")?.errors).toEqual([
      'unknown "auth_algorithm" md5 for openstack_vpnaas_ike_policy_v2',
    ]);
    // util.go validateJSONObject.
    expect(
      runProviderValidator({ fn: "validateJSONObject", provider: true, known: "json-object" }, "[]", "flavor_data")
        ?.errors,
    ).toEqual([
      '"flavor_data" must be a JSON object: json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]);
    expect(runProviderValidator({ fn: "f", provider: true }, "x", "k")).toBeUndefined();
  });
});
