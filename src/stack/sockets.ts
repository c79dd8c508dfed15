// The socket calls the emulated tools make (socket, bind, connect, sendto, close) for raw
// ICMP and UDP sockets; TCP's are in tcp.ts. Sending routes the packet as ip_route_output
// does and hands it to ip_local_out; errors are the errnos the system calls return.
import { formatIpv4, type Ipv4 } from "../wire/ipv4.ts";
import { IPPROTO, type IcmpHeader } from "../wire/packet.ts";
import type { NetHost } from "./host.ts";
import { buildPacket } from "./ip-build.ts";
import { deviceByName } from "./namespace.ts";
import { ipLocalOut } from "./path.ts";
import { isLocalAddress } from "./route.ts";
import { routeOutput, type OutputRoute } from "./route-output.ts";
import { stackOf, type Endpoint, type RawSocket, type UdpSocket } from "./state.ts";
import { sysctlGet } from "./sysctl.ts";
import { tcpClose } from "./tcp.ts";
import { SCOPE_LINK, type NetNamespace } from "./types.ts";

function nsOf(h: NetHost, name: string): NetNamespace {
  const ns = h.namespaces[name];
  if (ns === undefined) throw new Error(`no namespace ${name}`);
  return ns;
}

export function newSocketId(ns: NetNamespace): number {
  const st = stackOf(ns);
  st.lastSocket += 1;
  return st.lastSocket;
}

/** inet_csk_get_port / udp_lib_get_port: a free port in ip_local_port_range, starting at random. */
export function allocPort(h: NetHost, ns: NetNamespace, kind: "tcp" | "udp"): number {
  const [lo = 32768, hi = 60999] = (sysctlGet(ns, "net.ipv4.ip_local_port_range") ?? "32768\t60999").split(/\s+/).map(Number);
  const span = hi - lo + 1;
  const used = new Set(stackOf(ns).sockets.filter((s) => s.kind === kind).map((s) => (s.kind === "raw" ? -1 : s.local.port)));
  const start = Math.floor(h.random() * span);
  for (let i = 0; i < span; i++) {
    const port = lo + ((start + i) % span);
    if (!used.has(port)) return port;
  }
  return lo;
}

/** ip_route_output_key for a socket's packet, with the errno connect(2)/sendto(2) would give. */
export function outputRoute(ns: NetNamespace, dst: Ipv4, o: { src?: Ipv4; dev?: string }): OutputRoute | string {
  if (o.dev !== undefined && deviceByName(ns, o.dev) === undefined) return "ENODEV";
  if (o.src !== undefined && !isLocalAddress(ns, o.src)) return "EADDRNOTAVAIL";
  const oif = o.dev === undefined ? undefined : deviceByName(ns, o.dev)?.ifindex;
  try {
    return routeOutput(ns, dst, { ...(o.src !== undefined ? { saddr: o.src } : {}), ...(oif !== undefined ? { oif } : {}) });
  } catch (e) {
    return (e as { errno?: string }).errno ?? "ENETUNREACH";
  }
}

export function openRaw(ns: NetNamespace, owner: number, dev?: string): RawSocket {
  const s: RawSocket = { kind: "raw", id: newSocketId(ns), owner, ...(dev !== undefined ? { dev } : {}) };
  stackOf(ns).sockets.push(s);
  return s;
}

/**
 * SO_DONTROUTE (raw_sendmsg's RTO_ONLINK): the lookup takes only routes of link scope or
 * narrower, so a destination reached through a gateway has none (ENETUNREACH); with a
 * bound device ip_route_output_key_hash then assumes the destination is on that link.
 */
function onLink(r: OutputRoute, bound: boolean): OutputRoute | string {
  if (r.route.scope < SCOPE_LINK && r.type !== "local") {
    if (!bound) return "ENETUNREACH";
    const { gateway: _far, ...near } = r;
    return near;
  }
  return r;
}

export interface EchoRequest {
  readonly dst: Ipv4;
  readonly src?: Ipv4;
  readonly dev?: string;
  readonly ttl?: number;
  readonly tos?: number;
  /** SO_MARK. */
  readonly mark?: number;
  /** IP_OPTIONS: the option bytes every packet of the socket carries. */
  readonly options?: readonly number[];
  /** SO_DONTROUTE: only destinations on a link of this host (RTO_ONLINK). */
  readonly dontRoute?: boolean;
  readonly icmp: IcmpHeader;
  readonly payload: readonly number[];
}

/** raw_sendmsg of an ICMP message: routed, given an IP header (DF set: IP_PMTUDISC_WANT), sent. */
export function rawSendIcmp(h: NetHost, nsName: string, req: EchoRequest, by: string): string | undefined {
  const ns = nsOf(h, nsName);
  const routed = outputRoute(ns, req.dst, { ...(req.src !== undefined ? { src: req.src } : {}), ...(req.dev !== undefined ? { dev: req.dev } : {}) });
  const r = req.dontRoute === true && typeof routed !== "string" ? onLink(routed, req.dev !== undefined) : routed;
  if (typeof r === "string") return r;
  const src = req.src ?? r.src ?? 0;
  const size = 28 + (req.options?.length ?? 0) + req.payload.length;
  const packet = buildPacket(h, ns, {
    src, dst: req.dst, proto: IPPROTO.ICMP, df: size <= 1500,
    ...(req.ttl !== undefined ? { ttl: req.ttl } : {}), ...(req.tos !== undefined ? { tos: req.tos } : {}),
    ...(req.options !== undefined ? { options: req.options } : {}),
  }, req.icmp, req.payload);
  if (size > 65535) return "EMSGSIZE";
  const trace = h.beginTrace({ kind: "local", ns: nsName, by }, packet);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: req.mark ?? 0 }, trace }, r);
  return undefined;
}

export interface UdpOpen {
  readonly owner: number;
  readonly local?: Endpoint;
  readonly remote?: Endpoint;
  readonly dev?: string;
}

/** socket + bind (+ connect): "EADDRINUSE" when the port is taken, a route errno when connect fails. */
export function openUdp(h: NetHost, nsName: string, o: UdpOpen): UdpSocket | string {
  const ns = nsOf(h, nsName);
  let addr = o.local?.addr ?? 0;
  if (o.remote !== undefined) {
    const r = outputRoute(ns, o.remote.addr, { ...(addr !== 0 ? { src: addr } : {}), ...(o.dev !== undefined ? { dev: o.dev } : {}) });
    if (typeof r === "string") return r;
    if (addr === 0) addr = r.src ?? 0;
  }
  const port = o.local?.port ?? allocPort(h, ns, "udp");
  if (o.local?.port !== undefined && stackOf(ns).sockets.some((s) => s.kind === "udp" && s.local.port === port && (s.local.addr === 0 || addr === 0 || s.local.addr === addr))) {
    return "EADDRINUSE";
  }
  const s: UdpSocket = {
    kind: "udp", id: newSocketId(ns), owner: o.owner, local: { addr, port },
    ...(o.remote !== undefined ? { remote: o.remote } : {}), ...(o.dev !== undefined ? { dev: o.dev } : {}),
  };
  stackOf(ns).sockets.push(s);
  return s;
}

/** udp_sendmsg on a socket: to its peer, or to `to`. */
export function udpSend(h: NetHost, nsName: string, id: number, payload: readonly number[], to?: Endpoint): string | undefined {
  const ns = nsOf(h, nsName);
  const s = stackOf(ns).sockets.find((x): x is UdpSocket => x.kind === "udp" && x.id === id);
  const dst = to ?? s?.remote;
  if (s === undefined || dst === undefined) return "EDESTADDRREQ";
  const r = outputRoute(ns, dst.addr, { ...(s.local.addr !== 0 ? { src: s.local.addr } : {}), ...(s.dev !== undefined ? { dev: s.dev } : {}) });
  if (typeof r === "string") return r;
  const src = s.local.addr !== 0 ? s.local.addr : (r.src ?? 0);
  const packet = buildPacket(h, ns, { src, dst: dst.addr, proto: IPPROTO.UDP, df: true }, { kind: "udp", sport: s.local.port, dport: dst.port }, payload);
  const trace = h.beginTrace({ kind: "local", ns: nsName, by: `UDP ${formatIpv4(src)}:${String(s.local.port)}` }, packet);
  ipLocalOut(h, nsName, { pkt: { ...packet, mark: 0 }, trace }, r);
  return undefined;
}

/** close(2) of one socket. */
export function closeSocket(h: NetHost, nsName: string, id: number): void {
  const ns = h.namespaces[nsName];
  if (ns === undefined) return;
  const st = stackOf(ns);
  const s = st.sockets.find((x) => x.id === id);
  if (s === undefined) return;
  if (s.kind === "tcp") return tcpClose(h, nsName, id);
  st.sockets = st.sockets.filter((x) => x !== s);
}

/** Everything a process had open, when it exits. */
export function closeOwned(h: NetHost, owner: number): void {
  for (const [name, ns] of Object.entries(h.namespaces)) {
    for (const s of [...(ns.stack?.sockets ?? [])]) if (s.owner === owner) closeSocket(h, name, s.id);
  }
}
