/**
 * Constants of gophercloud (github.com/gophercloud/gophercloud/v2, v2.8.0 as pinned by the provider's
 * go.mod) that the provider's schemas use (`string(images.ImageVisibilityPublic)`, the switch cases of
 * its validators). They are not in the reference source: each group names the gophercloud package, the
 * file defining the constants (path in the gophercloud repository) and the stored public copy the values
 * were read from (through the `search` tool's read_file). The VPNaaS values agree with the provider's
 * own docs (docs/resources/vpnaas_*_policy_v2.md: "aes-KKK-ctr, aes-KKK-ccm-II, aes-KKK-gcm-II",
 * "group2, group5 and group14 to group31"). A gophercloud constant the schemas use but this table lacks
 * is reported in the rules table's `unmodelled` (key `(gophercloud).<import path>.<Name>`).
 */

const GC = "github.com/gophercloud/gophercloud/v2";

/** The constants of one gophercloud package, from one file. */
export interface GophercloudConstantGroup {
  /** Import path of the package. */
  readonly pkg: string;
  /** The file defining them, relative to the gophercloud repository root. */
  readonly file: string;
  /** The stored copy the values were read from. */
  readonly readFrom: string;
  readonly constants: Readonly<Record<string, string>>;
}

export const GOPHERCLOUD_CONSTANTS: readonly GophercloudConstantGroup[] = [
  {
    pkg: `${GC}/openstack/image/v2/images`,
    file: "openstack/image/v2/images/types.go",
    readFrom: "stored copy of gophercloud's images/types.go",
    constants: {
      ImageVisibilityPublic: "public",
      ImageVisibilityPrivate: "private",
      ImageVisibilityShared: "shared",
      ImageVisibilityCommunity: "community",
      ImageMemberStatusAccepted: "accepted",
      ImageMemberStatusPending: "pending",
      ImageMemberStatusRejected: "rejected",
      ImageMemberStatusAll: "all",
    },
  },
  {
    pkg: `${GC}/openstack/keymanager/v1/secrets`,
    file: "openstack/keymanager/v1/secrets/requests.go",
    readFrom: "gophercloud/gophercloud (v2)",
    constants: {
      DateFilterGT: "gt",
      DateFilterGTE: "gte",
      DateFilterLT: "lt",
      DateFilterLTE: "lte",
    },
  },
  {
    pkg: `${GC}/openstack/networking/v2/extensions/security/rules`,
    file: "openstack/networking/v2/extensions/security/rules/requests.go",
    readFrom: "gophercloud/gophercloud (v2)",
    constants: {
      DirIngress: "ingress",
      DirEgress: "egress",
      EtherType4: "IPv4",
      EtherType6: "IPv6",
      ProtocolAH: "ah",
      ProtocolDCCP: "dccp",
      ProtocolEGP: "egp",
      ProtocolESP: "esp",
      ProtocolGRE: "gre",
      ProtocolICMP: "icmp",
      ProtocolIGMP: "igmp",
      ProtocolIPIP: "ipip",
      ProtocolIPv6Encap: "ipv6-encap",
      ProtocolIPv6Frag: "ipv6-frag",
      ProtocolIPv6ICMP: "ipv6-icmp",
      ProtocolIPv6NoNxt: "ipv6-nonxt",
      ProtocolIPv6Opts: "ipv6-opts",
      ProtocolIPv6Route: "ipv6-route",
      ProtocolOSPF: "ospf",
      ProtocolPGM: "pgm",
      ProtocolRSVP: "rsvp",
      ProtocolSCTP: "sctp",
      ProtocolTCP: "tcp",
      ProtocolUDP: "udp",
      ProtocolUDPLite: "udplite",
      ProtocolVRRP: "vrrp",
      ProtocolAny: "any",
    },
  },
  {
    pkg: `${GC}/openstack/networking/v2/extensions/vpnaas/ikepolicies`,
    file: "openstack/networking/v2/extensions/vpnaas/ikepolicies/requests.go",
    readFrom: "vnpaycloud-console/gophercloud (a v2 fork; the stored upstream copy predates these constants)",
    constants: {
      AuthAlgorithmSHA1: "sha1",
      AuthAlgorithmSHA256: "sha256",
      AuthAlgorithmSHA384: "sha384",
      AuthAlgorithmSHA512: "sha512",
      AuthAlgorithmAESXCBC: "aes-xcbc",
      AuthAlgorithmAESCMAC: "aes-cmac",
      EncryptionAlgorithm3DES: "3des",
      EncryptionAlgorithmAES128: "aes-128",
      EncryptionAlgorithmAES192: "aes-192",
      EncryptionAlgorithmAES256: "aes-256",
      EncryptionAlgorithmAES128CTR: "aes-128-ctr",
      EncryptionAlgorithmAES192CTR: "aes-192-ctr",
      EncryptionAlgorithmAES256CTR: "aes-256-ctr",
      EncryptionAlgorithmAES128CCM8: "aes-128-ccm-8",
      EncryptionAlgorithmAES128CCM12: "aes-128-ccm-12",
      EncryptionAlgorithmAES128CCM16: "aes-128-ccm-16",
      EncryptionAlgorithmAES192CCM8: "aes-192-ccm-8",
      EncryptionAlgorithmAES192CCM12: "aes-192-ccm-12",
      EncryptionAlgorithmAES192CCM16: "aes-192-ccm-16",
      EncryptionAlgorithmAES256CCM8: "aes-256-ccm-8",
      EncryptionAlgorithmAES256CCM12: "aes-256-ccm-12",
      EncryptionAlgorithmAES256CCM16: "aes-256-ccm-16",
      EncryptionAlgorithmAES128GCM8: "aes-128-gcm-8",
      EncryptionAlgorithmAES128GCM12: "aes-128-gcm-12",
      EncryptionAlgorithmAES128GCM16: "aes-128-gcm-16",
      EncryptionAlgorithmAES192GCM8: "aes-192-gcm-8",
      EncryptionAlgorithmAES192GCM12: "aes-192-gcm-12",
      EncryptionAlgorithmAES192GCM16: "aes-192-gcm-16",
      EncryptionAlgorithmAES256GCM8: "aes-256-gcm-8",
      EncryptionAlgorithmAES256GCM12: "aes-256-gcm-12",
      EncryptionAlgorithmAES256GCM16: "aes-256-gcm-16",
      PFSGroup2: "group2",
      PFSGroup5: "group5",
      PFSGroup14: "group14",
      PFSGroup15: "group15",
      PFSGroup16: "group16",
      PFSGroup17: "group17",
      PFSGroup18: "group18",
      PFSGroup19: "group19",
      PFSGroup20: "group20",
      PFSGroup21: "group21",
      PFSGroup22: "group22",
      PFSGroup23: "group23",
      PFSGroup24: "group24",
      PFSGroup25: "group25",
      PFSGroup26: "group26",
      PFSGroup27: "group27",
      PFSGroup28: "group28",
      PFSGroup29: "group29",
      PFSGroup30: "group30",
      PFSGroup31: "group31",
      IKEVersionv1: "v1",
      IKEVersionv2: "v2",
      Phase1NegotiationModeMain: "main",
    },
  },
  {
    pkg: `${GC}/openstack/networking/v2/extensions/vpnaas/ipsecpolicies`,
    file: "openstack/networking/v2/extensions/vpnaas/ipsecpolicies/requests.go",
    readFrom: "vnpaycloud-console/gophercloud (a v2 fork; the stored upstream copy predates these constants)",
    constants: {
      TransformProtocolESP: "esp",
      TransformProtocolAH: "ah",
      TransformProtocolAHESP: "ah-esp",
      AuthAlgorithmSHA1: "sha1",
      AuthAlgorithmSHA256: "sha256",
      AuthAlgorithmSHA384: "sha384",
      AuthAlgorithmSHA512: "sha512",
      AuthAlgorithmAESXCBC: "aes-xcbc",
      AuthAlgorithmAESCMAC: "aes-cmac",
      EncryptionAlgorithm3DES: "3des",
      EncryptionAlgorithmAES128: "aes-128",
      EncryptionAlgorithmAES192: "aes-192",
      EncryptionAlgorithmAES256: "aes-256",
      EncryptionAlgorithmAES128CTR: "aes-128-ctr",
      EncryptionAlgorithmAES192CTR: "aes-192-ctr",
      EncryptionAlgorithmAES256CTR: "aes-256-ctr",
      EncryptionAlgorithmAES128CCM8: "aes-128-ccm-8",
      EncryptionAlgorithmAES128CCM12: "aes-128-ccm-12",
      EncryptionAlgorithmAES128CCM16: "aes-128-ccm-16",
      EncryptionAlgorithmAES192CCM8: "aes-192-ccm-8",
      EncryptionAlgorithmAES192CCM12: "aes-192-ccm-12",
      EncryptionAlgorithmAES192CCM16: "aes-192-ccm-16",
      EncryptionAlgorithmAES256CCM8: "aes-256-ccm-8",
      EncryptionAlgorithmAES256CCM12: "aes-256-ccm-12",
      EncryptionAlgorithmAES256CCM16: "aes-256-ccm-16",
      EncryptionAlgorithmAES128GCM8: "aes-128-gcm-8",
      EncryptionAlgorithmAES128GCM12: "aes-128-gcm-12",
      EncryptionAlgorithmAES128GCM16: "aes-128-gcm-16",
      EncryptionAlgorithmAES192GCM8: "aes-192-gcm-8",
      EncryptionAlgorithmAES192GCM12: "aes-192-gcm-12",
      EncryptionAlgorithmAES192GCM16: "aes-192-gcm-16",
      EncryptionAlgorithmAES256GCM8: "aes-256-gcm-8",
      EncryptionAlgorithmAES256GCM12: "aes-256-gcm-12",
      EncryptionAlgorithmAES256GCM16: "aes-256-gcm-16",
      EncapsulationModeTunnel: "tunnel",
      EncapsulationModeTransport: "transport",
      PFSGroup2: "group2",
      PFSGroup5: "group5",
      PFSGroup14: "group14",
      PFSGroup15: "group15",
      PFSGroup16: "group16",
      PFSGroup17: "group17",
      PFSGroup18: "group18",
      PFSGroup19: "group19",
      PFSGroup20: "group20",
      PFSGroup21: "group21",
      PFSGroup22: "group22",
      PFSGroup23: "group23",
      PFSGroup24: "group24",
      PFSGroup25: "group25",
      PFSGroup26: "group26",
      PFSGroup27: "group27",
      PFSGroup28: "group28",
      PFSGroup29: "group29",
      PFSGroup30: "group30",
      PFSGroup31: "group31",
    },
  },
];

const byKey = new Map(
  GOPHERCLOUD_CONSTANTS.flatMap((g) => Object.entries(g.constants).map(([n, v]) => [`${g.pkg}.${n}`, v])),
);

/** The value of constant `name` of package `pkg` (import path), or undefined when not in the table. */
export function gophercloudConstant(pkg: string, name: string): string | undefined {
  return byKey.get(`${pkg}.${name}`);
}
