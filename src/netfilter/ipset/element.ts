// Elements as ipset prints them (lib/print.c: ipset_print_elem and the part printers):
// the printed text is also the key an element is stored under.
import { formatIpv4 } from "../../wire/ipv4.ts";
import { protocolName } from "../names.ts";
import type { Elem, SetTypeName } from "./types.ts";

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_SCTP = 132;
export const IPPROTO_UDPLITE = 136;

/** ip_set_proto_with_ports: the protocols whose element part is a port. */
export function protoWithPorts(proto: number): boolean {
  return proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_SCTP || proto === IPPROTO_UDPLITE;
}

/** lib/icmp.c: ICMP type/code names, in the order name_to_icmp searches them. */
export const ICMP_NAMES: readonly (readonly [string, number, number])[] = [
  ["echo-reply", 0, 0], ["pong", 0, 0], ["network-unreachable", 3, 0], ["host-unreachable", 3, 1],
  ["protocol-unreachable", 3, 2], ["port-unreachable", 3, 3], ["fragmentation-needed", 3, 4],
  ["source-route-failed", 3, 5], ["network-unknown", 3, 6], ["host-unknown", 3, 7], ["network-prohibited", 3, 9],
  ["host-prohibited", 3, 10], ["TOS-network-unreachable", 3, 11], ["TOS-host-unreachable", 3, 12],
  ["communication-prohibited", 3, 13], ["host-precedence-violation", 3, 14], ["precedence-cutoff", 3, 15],
  ["source-quench", 4, 0], ["network-redirect", 5, 0], ["host-redirect", 5, 1], ["TOS-network-redirect", 5, 2],
  ["TOS-host-redirect", 5, 3], ["echo-request", 8, 0], ["ping", 8, 0], ["router-advertisement", 9, 0],
  ["router-solicitation", 10, 0], ["ttl-zero-during-transit", 11, 0], ["ttl-zero-during-reassembly", 11, 1],
  ["ip-header-bad", 12, 0], ["required-option-missing", 12, 1], ["timestamp-request", 13, 0],
  ["timestamp-reply", 14, 0], ["address-mask-request", 17, 0], ["address-mask-reply", 18, 0],
];

/** ipset_print_ip: the address, with "/cidr" unless it is a host address. */
export function formatIp(ip: number, cidr = 32): string {
  return cidr === 32 ? formatIpv4(ip) : `${formatIpv4(ip)}/${String(cidr)}`;
}

/** ipset_print_proto_port: "tcp:80", "icmp:echo-request", "icmp:3/42", "gre:0". */
export function formatProtoPort(proto: number, port: number): string {
  const name = protocolName(proto) ?? String(proto);
  if (proto === IPPROTO_ICMP) {
    const icmp = ICMP_NAMES.find(([, type, code]) => type === port >> 8 && code === (port & 0xff));
    return `${name}:${icmp?.[0] ?? `${String(port >> 8)}/${String(port & 0xff)}`}`;
  }
  return `${name}:${String(port)}`;
}

/** ipset_print_elem for a set of the given type. */
export function formatElem(type: SetTypeName, e: Elem): string {
  switch (type) {
    case "hash:ip":
      return formatIp(e.ip ?? 0);
    case "hash:net":
      return formatIp(e.ip ?? 0, e.cidr);
    case "hash:ip,port":
      return `${formatIp(e.ip ?? 0)},${formatProtoPort(e.proto ?? 0, e.port ?? 0)}`;
    case "hash:net,port":
      return `${formatIp(e.ip ?? 0, e.cidr)},${formatProtoPort(e.proto ?? 0, e.port ?? 0)}`;
    case "hash:ip,port,ip":
      return `${formatIp(e.ip ?? 0)},${formatProtoPort(e.proto ?? 0, e.port ?? 0)},${formatIp(e.ip2 ?? 0)}`;
    case "bitmap:port":
      return String(e.port ?? 0);
    case "list:set":
      return e.name ?? "";
  }
}

/** The key an element is stored under: its printed text (a prefix keeps list:set names from looking like array indexes). */
export function elemKey(type: SetTypeName, e: Elem): string {
  return type === "list:set" ? `set:${e.name ?? ""}` : formatElem(type, e);
}

/** The network mask of a prefix length (ip_set_netmask / ip_set_hostmask). */
export function netmask(cidr: number): number {
  return cidr === 0 ? 0 : (0xffffffff << (32 - cidr)) >>> 0;
}
