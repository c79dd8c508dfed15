// The per-namespace sysctls under /proc/sys/net that nfsim models, with the defaults and
// value checks a network namespace other than the initial one shows (kernel 6.x: the
// neigh "default" directory and writable nf_conntrack_max exist only in init_net).
// Values are kept as the text `sysctl` prints; only overrides are stored in the namespace.
import { fail } from "./errors.ts";
import type { Device, NetNamespace } from "./types.ts";

interface KeyDef {
  readonly def: string;
  /** Integer bounds for proc_dointvec_minmax keys; plain ints when absent. */
  readonly min?: number;
  readonly max?: number;
  /** Two integers (ip_local_port_range, ping_group_range). */
  readonly pair?: boolean;
  /** Mode 0444 in a non-initial namespace. */
  readonly readonly?: boolean;
}

const INT_MAX = 2147483647;

const GLOBAL: Record<string, KeyDef> = {
  // br_netfilter's switches (net/bridge/br_netfilter_hooks.c). The module defaults them to 1
  // once loaded; nfsim starts a host as if bridged traffic bypassed iptables (the module not
  // in use) until they are set, as Docker does. Only -call-iptables has an effect here.
  "net.bridge.bridge-nf-call-arptables": { def: "0" },
  "net.bridge.bridge-nf-call-ip6tables": { def: "0" },
  "net.bridge.bridge-nf-call-iptables": { def: "0" },
  "net.core.somaxconn": { def: "4096", min: 0 },
  "net.ipv4.icmp_echo_ignore_all": { def: "0", min: 0, max: 1 },
  "net.ipv4.icmp_echo_ignore_broadcasts": { def: "1", min: 0, max: 1 },
  // icmp-send.ts reads both (icmpv4_xrlim_allow); proc_dointvec and proc_dointvec_ms_jiffies.
  "net.ipv4.icmp_ratelimit": { def: "1000" },
  "net.ipv4.icmp_ratemask": { def: "6168" },
  "net.ipv4.ip_default_ttl": { def: "64", min: 1, max: 255 },
  "net.ipv4.ip_forward": { def: "0" },
  "net.ipv4.ip_forward_update_priority": { def: "1", min: 0, max: 1 },
  "net.ipv4.ip_forward_use_pmtu": { def: "0" },
  "net.ipv4.ip_local_port_range": { def: "32768\t60999", pair: true },
  "net.ipv4.ip_nonlocal_bind": { def: "0", min: 0, max: 1 },
  "net.ipv4.ip_unprivileged_port_start": { def: "1024", min: 0, max: 65535 },
  "net.ipv4.ping_group_range": { def: "1\t0", pair: true },
  "net.ipv4.tcp_syncookies": { def: "1", min: 0, max: 2 },
  "net.netfilter.nf_conntrack_acct": { def: "0", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_buckets": { def: "262144", readonly: true },
  "net.netfilter.nf_conntrack_checksum": { def: "1", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_count": { def: "0", readonly: true },
  "net.netfilter.nf_conntrack_events": { def: "2", min: 0, max: 2 },
  "net.netfilter.nf_conntrack_expect_max": { def: "4096", min: 1 },
  "net.netfilter.nf_conntrack_generic_timeout": { def: "600" },
  "net.netfilter.nf_conntrack_icmp_timeout": { def: "30" },
  "net.netfilter.nf_conntrack_icmpv6_timeout": { def: "30" },
  "net.netfilter.nf_conntrack_log_invalid": { def: "0", min: 0, max: 255 },
  "net.netfilter.nf_conntrack_max": { def: "262144", readonly: true },
  "net.netfilter.nf_conntrack_tcp_be_liberal": { def: "0", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_tcp_ignore_invalid_rst": { def: "0", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_tcp_loose": { def: "1", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_tcp_max_retrans": { def: "3", min: 0, max: 255 },
  "net.netfilter.nf_conntrack_tcp_timeout_close": { def: "10" },
  "net.netfilter.nf_conntrack_tcp_timeout_close_wait": { def: "60" },
  "net.netfilter.nf_conntrack_tcp_timeout_established": { def: "432000" },
  "net.netfilter.nf_conntrack_tcp_timeout_fin_wait": { def: "120" },
  "net.netfilter.nf_conntrack_tcp_timeout_last_ack": { def: "30" },
  "net.netfilter.nf_conntrack_tcp_timeout_max_retrans": { def: "300" },
  "net.netfilter.nf_conntrack_tcp_timeout_syn_recv": { def: "60" },
  "net.netfilter.nf_conntrack_tcp_timeout_syn_sent": { def: "120" },
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": { def: "120" },
  "net.netfilter.nf_conntrack_tcp_timeout_unacknowledged": { def: "300" },
  "net.netfilter.nf_conntrack_timestamp": { def: "0", min: 0, max: 1 },
  "net.netfilter.nf_conntrack_udp_timeout": { def: "30" },
  "net.netfilter.nf_conntrack_udp_timeout_stream": { def: "120" },
};

/** net.ipv4.conf.{all,default,DEV}.KEY (net/ipv4/devinet.c: ipv4_devconf defaults). */
const CONF4: Record<string, string> = {
  accept_local: "0",
  accept_redirects: "1",
  accept_source_route: "1",
  arp_accept: "0",
  arp_announce: "0",
  arp_evict_nocarrier: "1",
  arp_filter: "0",
  arp_ignore: "0",
  arp_notify: "0",
  bc_forwarding: "0",
  bootp_relay: "0",
  disable_policy: "0",
  disable_xfrm: "0",
  drop_gratuitous_arp: "0",
  drop_unicast_in_l2_multicast: "0",
  force_igmp_version: "0",
  forwarding: "0",
  igmpv2_unsolicited_report_interval: "10000",
  igmpv3_unsolicited_report_interval: "1000",
  ignore_routes_with_linkdown: "0",
  log_martians: "0",
  mc_forwarding: "0",
  medium_id: "0",
  promote_secondaries: "0",
  proxy_arp: "0",
  proxy_arp_pvlan: "0",
  route_localnet: "0",
  rp_filter: "0",
  secure_redirects: "1",
  send_redirects: "1",
  shared_media: "1",
  src_valid_mark: "0",
  tag: "0",
};

const CONF4_READONLY = new Set(["mc_forwarding"]);

/** A subset of net.ipv6.conf.*: the switches a lab uses. */
const CONF6: Record<string, string> = {
  accept_dad: "1",
  accept_ra: "1",
  autoconf: "1",
  dad_transmits: "1",
  disable_ipv6: "0",
  forwarding: "0",
  hop_limit: "64",
  keep_addr_on_down: "0",
  mtu: "1280",
  use_tempaddr: "0",
};

const NEIGH4: Record<string, string> = {
  base_reachable_time_ms: "30000",
  delay_first_probe_time: "5",
  gc_stale_time: "60",
  mcast_solicit: "3",
  retrans_time_ms: "1000",
  ucast_solicit: "3",
};

type Where = { kind: "global"; def: KeyDef } | { kind: "conf4" | "conf6" | "neigh4"; scope: string; leaf: string };

function specialDefault(w: Exclude<Where, { kind: "global" }>, ns: NetNamespace): string | undefined {
  const dev = ns.devices.find((d) => d.name === w.scope);
  if (w.kind === "conf4") {
    if (w.leaf === "accept_source_route" && w.scope === "all") return "0";
    if ((w.leaf === "disable_policy" || w.leaf === "disable_xfrm") && dev?.kind === "loopback") return "1";
  }
  if (w.kind === "conf6") {
    if (w.leaf === "accept_dad") return w.scope === "all" ? "0" : dev?.kind === "loopback" ? "-1" : undefined;
    if (w.leaf === "use_tempaddr" && dev?.kind === "loopback") return "-1";
    if (w.leaf === "mtu" && dev !== undefined) return String(dev.mtu);
  }
  return undefined;
}

/** Where a dotted name lives, if nfsim models it in this namespace. */
function locate(ns: NetNamespace, name: string): Where | undefined {
  const g = GLOBAL[name];
  if (g !== undefined) return { kind: "global", def: g };
  const m = /^net\.(ipv4\.conf|ipv6\.conf|ipv4\.neigh)\.([^.]+)\.([^.]+)$/.exec(name);
  if (!m) return undefined;
  const [, table = "", scope = "", leaf = ""] = m;
  const kind = table === "ipv4.conf" ? "conf4" : table === "ipv6.conf" ? "conf6" : "neigh4";
  const leaves = kind === "conf4" ? CONF4 : kind === "conf6" ? CONF6 : NEIGH4;
  if (leaves[leaf] === undefined) return undefined;
  const isDev = ns.devices.some((d) => d.name === scope);
  if (kind === "neigh4" ? !isDev : !isDev && scope !== "all" && scope !== "default") return undefined;
  return { kind, scope, leaf };
}

function defaultOf(ns: NetNamespace, name: string, w: Where): string {
  if (w.kind === "global") return name === "net.ipv4.ip_forward" ? readKey(ns, "net.ipv4.conf.all.forwarding") : w.def.def;
  const leaves = w.kind === "conf4" ? CONF4 : w.kind === "conf6" ? CONF6 : NEIGH4;
  return specialDefault(w, ns) ?? leaves[w.leaf] ?? "0";
}

/**
 * An IPv4 device value not written since the device appeared follows `default`
 * (devinet.c: devinet_copy_dflt_conf skips the values whose state bit is set).
 */
function readKey(ns: NetNamespace, name: string): string {
  if (name === "net.ipv4.ip_forward") return readKey(ns, "net.ipv4.conf.all.forwarding");
  const w = locate(ns, name);
  if (w === undefined) return "";
  const own = ns.sysctl[name];
  if (own !== undefined) return own;
  if (w.kind === "conf4" && w.scope !== "all" && w.scope !== "default" && specialDefault(w, ns) === undefined) {
    return readKey(ns, `net.ipv4.conf.default.${w.leaf}`);
  }
  return defaultOf(ns, name, w);
}

/** Every key nfsim models in the namespace, in the order `sysctl -a` lists them. */
export function sysctlKeys(ns: NetNamespace): string[] {
  const devs = ns.devices.map((d) => d.name);
  const keys = Object.keys(GLOBAL);
  for (const s of ["all", "default", ...devs]) keys.push(...Object.keys(CONF4).map((k) => `net.ipv4.conf.${s}.${k}`));
  for (const s of ["all", "default", ...devs]) keys.push(...Object.keys(CONF6).map((k) => `net.ipv6.conf.${s}.${k}`));
  for (const s of devs) keys.push(...Object.keys(NEIGH4).map((k) => `net.ipv4.neigh.${s}.${k}`));
  const parts = (k: string) => k.split(".");
  return keys.sort((a, b) => {
    const pa = parts(a);
    const pb = parts(b);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const x = pa[i] ?? "";
      const y = pb[i] ?? "";
      if (x !== y) return x < y ? -1 : 1;
    }
    return pa.length - pb.length;
  });
}

export function sysctlExists(ns: NetNamespace, name: string): boolean {
  return locate(ns, name) !== undefined;
}

/** A directory of modeled keys (`sysctl net.ipv4.conf`). */
export function sysctlDirectory(ns: NetNamespace, name: string): string[] {
  return sysctlKeys(ns).filter((k) => k.startsWith(`${name}.`));
}

export function sysctlGet(ns: NetNamespace, name: string): string | undefined {
  return locate(ns, name) === undefined ? undefined : readKey(ns, name);
}

/** A boolean-ish sysctl: any nonzero integer is on. */
export function sysctlOn(ns: NetNamespace, name: string): boolean {
  const v = sysctlGet(ns, name);
  return v !== undefined && Number.parseInt(v, 10) !== 0;
}

export function sysctlWritable(ns: NetNamespace, name: string): boolean {
  const w = locate(ns, name);
  if (w === undefined) return false;
  if (w.kind === "global") return !w.def.readonly;
  return !(w.kind === "conf4" && CONF4_READONLY.has(w.leaf));
}

/** proc_dointvec: optional blanks and sign, decimal digits, trailing blanks; within an int. */
function parseInts(text: string, count: number): number[] | undefined {
  const words = text.trim().split(/\s+/);
  if (words.length < count || words[0] === "") return undefined;
  const out: number[] = [];
  for (const w of words.slice(0, count)) {
    if (!/^[-+]?\d+$/.test(w)) return undefined;
    const v = Number(w);
    if (v > INT_MAX || v < -INT_MAX - 1) return undefined;
    out.push(v);
  }
  return out;
}

function checkValue(ns: NetNamespace, name: string, value: string): string {
  const w = locate(ns, name);
  const def = w?.kind === "global" ? w.def : undefined;
  const nums = parseInts(value, def?.pair ? 2 : 1);
  if (nums === undefined) fail("EINVAL");
  if (def?.min !== undefined && nums.some((n) => n < (def.min ?? 0))) fail("EINVAL");
  if (def?.max !== undefined && nums.some((n) => n > (def.max ?? 0))) fail("EINVAL");
  if (name === "net.ipv4.ip_local_port_range") {
    const [lo = 0, hi = 0] = nums;
    const floor = Number(readKey(ns, "net.ipv4.ip_unprivileged_port_start"));
    if (lo < 1 || hi > 65535 || hi < lo || lo < floor) fail("EINVAL");
  }
  return nums.join("\t");
}

function store(ns: NetNamespace, name: string, value: string): void {
  ns.sysctl[name] = value;
}

/** inet_forward_change: turning IPv4 forwarding on or off sets every device and the default, and all.accept_redirects. */
function ipv4ForwardChange(ns: NetNamespace, value: string): void {
  const on = Number(value) !== 0;
  store(ns, "net.ipv4.conf.all.forwarding", value);
  store(ns, "net.ipv4.conf.all.accept_redirects", on ? "0" : "1");
  store(ns, "net.ipv4.conf.default.forwarding", value);
  for (const d of ns.devices) store(ns, `net.ipv4.conf.${d.name}.forwarding`, value);
}

function ipv6ForwardChange(ns: NetNamespace, value: string): void {
  store(ns, "net.ipv6.conf.all.forwarding", value);
  store(ns, "net.ipv6.conf.default.forwarding", value);
  for (const d of ns.devices) store(ns, `net.ipv6.conf.${d.name}.forwarding`, value);
}

/** Writes a modeled key; throws EINVAL for a value the kernel's handler refuses. */
export function sysctlSet(ns: NetNamespace, name: string, value: string): void {
  const v = checkValue(ns, name, value);
  if (name === "net.ipv4.ip_forward" || name === "net.ipv4.conf.all.forwarding") ipv4ForwardChange(ns, v);
  else if (name === "net.ipv6.conf.all.forwarding") ipv6ForwardChange(ns, v);
  else store(ns, name, v);
}

const DEVICE_KEY = /^net\.(ipv4\.conf|ipv6\.conf|ipv4\.neigh)\.([^.]+)\.([^.]+)$/;

/** A new device's IPv6 settings are a copy of `default` (addrconf.c: ipv6_add_dev); IPv4 ones follow it live. */
export function sysctlDeviceAdded(ns: NetNamespace, dev: Device): void {
  for (const [k, v] of Object.entries(ns.sysctl)) {
    const m = DEVICE_KEY.exec(k);
    if (m && m[2] === "default" && m[1] === "ipv6.conf") store(ns, `net.${m[1]}.${dev.name}.${m[3] ?? ""}`, v);
  }
}

export function sysctlDeviceRenamed(ns: NetNamespace, from: string, to: string): void {
  for (const [k, v] of Object.entries(ns.sysctl)) {
    const m = DEVICE_KEY.exec(k);
    if (!m || m[2] !== from) continue;
    delete ns.sysctl[k];
    store(ns, `net.${m[1] ?? ""}.${to}.${m[3] ?? ""}`, v);
  }
}

export function sysctlDeviceRemoved(ns: NetNamespace, name: string): void {
  for (const k of Object.keys(ns.sysctl)) if (DEVICE_KEY.exec(k)?.[2] === name) delete ns.sysctl[k];
}

/** The path under /proc/sys for a dotted name, and back (a dot in a device name is a slash-free part). */
export function sysctlPath(name: string): string {
  return `/proc/sys/${name.replace(/\./g, "/")}`;
}

/** The dotted name of a /proc/sys/net path, if it is one. */
function procName(path: string): string | undefined {
  const m = /^\/proc\/sys\/(net\/.+?)\/*$/.exec(path);
  return m?.[1]?.replace(/\//g, ".");
}

/** Reading /proc/sys/net/...: the value and a newline, or undefined for a missing file. */
export function procSysRead(ns: NetNamespace, path: string): string | undefined {
  const name = procName(path);
  const value = name === undefined ? undefined : sysctlGet(ns, name);
  return value === undefined ? undefined : `${value}\n`;
}

export function isProcSysPath(path: string): boolean {
  return path.startsWith("/proc/sys/");
}

/** Writing /proc/sys/net/...: "missing" when there is no such file, "invalid" when the handler refuses it. */
export function procSysWrite(ns: NetNamespace, path: string, text: string): "ok" | "missing" | "invalid" {
  const name = procName(path);
  if (name === undefined || !sysctlExists(ns, name)) return "missing";
  if (!sysctlWritable(ns, name)) return "invalid";
  try {
    sysctlSet(ns, name, text);
  } catch {
    return "invalid";
  }
  return "ok";
}
