/** IPv4 and IPv6 addresses as numbers: hosts of a CIDR, membership, the text forms Neutron returns. */

const isV6 = (address: string) => address.includes(":");

/** An address as a number (IPv4: 32 bits, IPv6: 128 bits). */
export function ipToBigInt(address: string): bigint {
  if (!isV6(address)) return address.split(".").reduce((acc, part) => acc * 256n + BigInt(Number(part)), 0n);
  const [head, tail = ""] = address.split("::");
  const groups = (text: string) => (text === "" ? [] : text.split(":"));
  const left = groups(head);
  const right = address.includes("::") ? groups(tail) : [];
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((acc, group) => acc * 65536n + BigInt(parseInt(group || "0", 16)), 0n);
}

/** The text of a number as an address of the family of `like` (IPv6 compressed as RFC 5952). */
export function bigIntToIp(value: bigint, like: string): string {
  if (!isV6(like)) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.length).join(":")}`;
}

/** The number of addresses of a CIDR. */
export function cidrSize(cidr: string): bigint {
  const [base, bits] = cidr.split("/");
  const width = isV6(base) ? 128 : 32;
  return 1n << BigInt(width - Number(bits ?? width));
}

/** The address `offset` hosts above a CIDR's base. */
export function hostOf(cidr: string, offset: number | bigint): string {
  const base = cidr.split("/")[0];
  return bigIntToIp(ipToBigInt(base) + BigInt(offset), base);
}

/** The last usable host of a CIDR (IPv4 keeps its broadcast address out; IPv6 has none). */
export function lastHost(cidr: string): string {
  const size = cidrSize(cidr);
  return hostOf(cidr, isV6(cidr) ? size - 1n : size - 2n);
}

/** True when `address` is inside `cidr` (same family). */
export function inCidr(address: string, cidr: string): boolean {
  const base = cidr.split("/")[0];
  if (isV6(address) !== isV6(base)) return false;
  const offset = ipToBigInt(address) - ipToBigInt(base);
  return offset >= 0n && offset < cidrSize(cidr);
}

/** 4 or 6. */
export function ipVersionOf(cidr: string): 4 | 6 {
  return isV6(cidr) ? 6 : 4;
}
