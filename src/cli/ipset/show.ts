// The element of a command as `ipset test` echoes it (ipset_print_elem over the parsed
// data, lib/print.c): ranges and prefixes as given, the protocol when one was parsed.
import { formatIp, formatProtoPort } from "../../netfilter/ipset/element.ts";
import type { AdtData, SetTypeName } from "../../netfilter/ipset/index.ts";

function ipPart(d: AdtData): string {
  const cidr = d.cidr ?? 32;
  const first = formatIp(d.ip ?? 0, cidr);
  return d.ipTo === undefined ? first : `${first}-${formatIp(d.ipTo, cidr)}`;
}

function portPart(d: AdtData): string {
  const port = d.portTo === undefined ? String(d.port ?? 0) : `${String(d.port ?? 0)}-${String(d.portTo)}`;
  if (d.proto === undefined) return port;
  const text = formatProtoPort(d.proto, d.port ?? 0);
  return d.portTo === undefined || d.proto === 1 ? text : `${text}-${String(d.portTo)}`;
}

/** ipset_print_elem; list:set prints "after" for any reference (print_name reads the flags the parser never set). */
export function formatData(type: SetTypeName, d: AdtData): string {
  switch (type) {
    case "hash:ip":
    case "hash:net":
      return ipPart(d);
    case "hash:ip,port":
    case "hash:net,port":
      return `${ipPart(d)},${portPart(d)}`;
    case "hash:ip,port,ip":
      return `${ipPart(d)},${portPart(d)},${formatIp(d.ip2 ?? 0)}`;
    case "bitmap:port":
      return portPart({ port: d.port ?? 0, ...(d.portTo !== undefined ? { portTo: d.portTo } : {}) });
    case "list:set":
      return d.nameref === undefined ? (d.name ?? "") : `${d.name ?? ""} after ${d.nameref}`;
  }
}
