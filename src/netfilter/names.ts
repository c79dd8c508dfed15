// Service and protocol names, as getservbyname/getservbyport/getprotobynumber answer
// from Debian's netbase files (embedded in names-data.ts).
import { PROTOCOLS, SERVICES } from "./names-data.ts";

const portByName = new Map<string, number>();
const nameByPort = new Map<string, string>();
for (const [name, port, proto, ...aliases] of SERVICES) {
  for (const alias of [name, ...aliases]) {
    const key = `${String(alias)}/${String(proto)}`;
    if (!portByName.has(key)) portByName.set(key, Number(port));
  }
  const back = `${String(port)}/${String(proto)}`;
  if (!nameByPort.has(back)) nameByPort.set(back, String(name));
}

const protoByName = new Map<string, number>();
const protoNameByNum = new Map<number, string>();
for (const [name, num, ...aliases] of PROTOCOLS) {
  for (const alias of [name, ...aliases]) {
    if (!protoByName.has(String(alias))) protoByName.set(String(alias), Number(num));
  }
  if (!protoNameByNum.has(Number(num))) protoNameByNum.set(Number(num), String(name));
}

/** getservbyname(name, proto); proto undefined means any protocol. */
export function serviceToPort(name: string, proto: string | undefined): number | undefined {
  if (proto !== undefined) return portByName.get(`${name}/${proto}`);
  return portByName.get(`${name}/tcp`) ?? portByName.get(`${name}/udp`);
}

/** getservbyport(port, proto). */
export function portToService(port: number, proto: string): string | undefined {
  return nameByPort.get(`${String(port)}/${proto}`);
}

export function protocolByName(name: string): number | undefined {
  return protoByName.get(name);
}

export function protocolName(num: number): string | undefined {
  return protoNameByNum.get(num);
}

/** /etc/networks of a fresh Debian (netbase): what getnetbyname / getnetbyaddr answer. */
const NETWORKS: readonly (readonly [string, number])[] = [
  ["default", 0x00000000],
  ["loopback", 0x7f000000],
  ["link-local", 0xa9fe0000],
];

export function networkByName(name: string): number | undefined {
  return NETWORKS.find(([n]) => n === name)?.[1];
}

export function networkName(addr: number): string | undefined {
  return NETWORKS.find(([, a]) => a === addr)?.[0];
}

/**
 * gethostbyaddr as a host without a reachable resolver answers: /etc/hosts of a fresh
 * Debian, and nothing else (libxtables then tries /etc/networks, then prints the number).
 */
export function hostName(addr: number): string | undefined {
  return addr === 0x7f000001 ? "localhost" : undefined;
}
