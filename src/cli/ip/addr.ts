// `ip address` (ip/ipaddress.c) and the listing it shares with `ip link show`: links with
// their IPv4 then IPv6 addresses, filters, add/del/replace, and flush.
import { addIfaddr, deleteIfaddr, removeIfaddr, replaceIfaddr } from "../../stack/address.ts";
import { addIf6addr, deleteIf6addr } from "../../stack/addrconf.ts";
import { fail } from "../../stack/errors.ts";
import { deviceByName, devicesInOrder } from "../../stack/namespace.ts";
import { SCOPE_HOST, type Device } from "../../stack/types.ts";
import { prefixToMask } from "../../wire/ipv4.ts";
import { addressesOf, addrMatches, F, printAddr, type AddrMatch } from "./addrinfo.ts";
import { Args, die, duparg, duparg2, invarg, netns, nodev, talk, type Family, type IpCtx } from "./context.ts";
import { getPrefix, type InetPrefix } from "./inet.ts";
import { printLink, printLinkBrief, type LinkSource } from "./linkinfo.ts";
import { abbrev, scopeId } from "./names.ts";
import { ADDR_USAGE, LINK_USAGE } from "./usage.ts";

interface AddrFilter extends AddrMatch {
  family: Family;
  dev?: string;
  up: boolean;
  kind?: string;
  /** `master DEV` (its ifindex), or 0 for `nomaster`: only the ports of that bridge, or only devices without a master. */
  master?: number;
}

/** get_filter: flag names (a leading "-" negates; dynamic/primary are the negations of permanent/secondary). */
function flagFilter(f: AddrFilter, word: string): boolean {
  let inv = word.startsWith("-");
  let name = inv ? word.slice(1) : word;
  if (name === "dynamic") {
    inv = !inv;
    name = "permanent";
  } else if (name === "primary") {
    inv = !inv;
    name = "secondary";
  }
  const table: Record<string, number> = {
    secondary: F.SECONDARY, temporary: F.SECONDARY, nodad: F.NODAD, optimistic: 0x04, dadfailed: 0x08, home: 0x10,
    deprecated: 0x20, tentative: F.TENTATIVE, permanent: F.PERMANENT, mngtmpaddr: 0x100, noprefixroute: F.NOPREFIXROUTE,
    autojoin: 0x400, "stable-privacy": 0x800,
  };
  const mask = table[name];
  if (mask === undefined) return false;
  f.flags = inv ? f.flags & ~mask : f.flags | mask;
  f.flagmask |= mask;
  return true;
}

function parseFilter(ctx: IpCtx, argv: string[], doLink: boolean): AddrFilter {
  const f: AddrFilter = { family: doLink ? "link" : ctx.opts.family, up: false, flags: 0, flagmask: 0 };
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "to") {
      const v = args.next();
      f.to = getPrefix(ctx, v, f.family);
      if (f.family === "unspec") f.family = f.to.family;
    } else if (w === "scope") {
      const v = args.next();
      const s = scopeId(v);
      if (s === undefined && v !== "all") invarg(ctx, 'invalid "scope"\n', v);
      if (s !== undefined) f.scope = s;
    } else if (w === "up") f.up = true;
    else if (flagFilter(f, w)) continue;
    else if (w === "label") f.label = args.next();
    else if (w === "master") {
      const v = args.next();
      f.master = deviceByName(netns(ctx), v)?.ifindex ?? invarg(ctx, "Device does not exist\n", v);
    } else if (w === "group" || w === "vrf") args.next();
    else if (w === "nomaster") f.master = 0;
    else if (w === "type") f.kind = args.next();
    else {
      const v = w === "dev" ? args.next() : w;
      if (w !== "dev" && abbrev(w, "help")) die(ctx, doLink ? LINK_USAGE : ADDR_USAGE, 255);
      if (f.dev !== undefined) duparg2(ctx, "dev", v);
      f.dev = v;
    }
  }
  if (f.dev !== undefined && deviceByName(netns(ctx), f.dev) === undefined) die(ctx, `Device "${f.dev}" does not exist.\n`, 1);
  return f;
}

function linkPasses(f: AddrFilter, dev: Device): boolean {
  if (f.up && !dev.up) return false;
  if (f.kind !== undefined && !kindMatches(f.kind, dev)) return false;
  if (f.master !== undefined && (dev.master ?? 0) !== f.master) return false;
  return true;
}

/** match_link_kind: IFLA_INFO_KIND, or IFLA_INFO_SLAVE_KIND for a "_slave" kind (a bridge port is "bridge_slave"). */
function kindMatches(kind: string, dev: Device): boolean {
  if (kind === "bridge_slave") return dev.master !== undefined;
  return (dev.kind === "veth" || dev.kind === "bridge") && kind === dev.kind;
}

/** ipaddr_filter: with an address filter, links without a matching address drop out. */
function keepLink(f: AddrFilter, dev: Device): boolean {
  const all = addressesOf(dev, "unspec");
  if (all.length === 0) return f.family === "unspec" || f.family === "link";
  return addressesOf(dev, f.family).some((a) => addrMatches(f, dev, a));
}

function printLinkWithAddrs(ctx: IpCtx, f: AddrFilter, dev: Device, doLink: boolean, source: LinkSource): void {
  const out = ctx.out;
  const noLink = ctx.opts.oneline && f.family !== "link";
  out.openObject();
  if (f.label === undefined) {
    if (ctx.opts.brief) printLinkBrief(ctx, dev, f.family === "link");
    else if (!noLink) printLink(ctx, dev, { doLink, source, family: f.family });
  }
  if (f.family !== "link") {
    out.openArray("json", "addr_info");
    for (const a of addressesOf(dev, f.family)) {
      if (f.up && !dev.up) continue;
      if (!addrMatches(f, dev, a)) continue;
      out.openObject();
      printAddr(ctx, dev, a, ctx.opts.oneline);
      out.closeObject();
    }
    out.closeArray("json", "");
    if (ctx.opts.brief) out.fp("\n");
  }
  out.closeObject();
}

/** ipaddr_list_flush_or_save for listing; `doLink` is `ip link show`. */
function list(ctx: IpCtx, argv: string[], doLink: boolean): number {
  const f = parseFilter(ctx, argv, doLink);
  const ns = netns(ctx);
  const out = ctx.out;
  out.newJson();
  const one = f.dev === undefined ? undefined : deviceByName(ns, f.dev);
  if (one !== undefined && doLink) {
    out.openObject();
    if (ctx.opts.brief) printLinkBrief(ctx, one, true);
    else printLink(ctx, one, { doLink: true, source: "full", family: "link" });
    out.closeObject();
    out.endJson();
    return 0;
  }
  const source: LinkSource = one === undefined && f.family === "inet6" ? "inet6" : "full";
  const links = one !== undefined ? [one] : devicesInOrder(ns);
  for (const dev of links) {
    if (!linkPasses(f, dev)) continue;
    if (f.family !== "link" && !keepLink(f, dev)) continue;
    printLinkWithAddrs(ctx, f, dev, doLink, source);
  }
  out.endJson();
  return 0;
}

export function listLinks(ctx: IpCtx, argv: string[]): number {
  return list(ctx, argv, true);
}

interface AddrReq {
  local?: InetPrefix;
  localText?: string;
  peer?: InetPrefix;
  brd?: InetPrefix | "+" | "-";
  dev?: string;
  label?: string;
  scope?: number;
  metric?: number;
  nodad: boolean;
  noprefixroute: boolean;
  family: Family;
}

/** The CONFFLAG words: read-only ones only warn; IPv6-only ones warn for IPv4. */
function confFlag(ctx: IpCtx, req: AddrReq, w: string): boolean {
  const readonly = ["secondary", "temporary", "dadfailed", "deprecated", "tentative", "permanent", "stable-privacy"];
  const v6only = ["nodad", "optimistic", "home", "mngtmpaddr"];
  if (readonly.includes(w)) ctx.io.stderr(`Warning: ${w} option is not mutable from userspace\n`);
  else if (v6only.includes(w) && req.family !== "inet6") ctx.io.stderr(`Warning: ${w} option can be set only for IPv6 addresses\n`);
  else if (w === "nodad") req.nodad = true;
  else if (w === "noprefixroute") req.noprefixroute = true;
  else if (!v6only.includes(w) && w !== "autojoin") return false;
  return true;
}

function parseModify(ctx: IpCtx, argv: string[]): AddrReq {
  const req: AddrReq = { nodad: false, noprefixroute: false, family: ctx.opts.family };
  const args = new Args(ctx, argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === "peer" || w === "remote") {
      const v = args.next();
      if (req.peer !== undefined) duparg(ctx, "peer", v);
      req.peer = getPrefix(ctx, v, req.family);
      if (req.family === "unspec") req.family = req.peer.family;
    } else if (abbrev(w, "broadcast") || w === "brd") {
      const v = args.next();
      if (req.brd !== undefined) duparg(ctx, "broadcast", v);
      req.brd = v === "+" || v === "-" ? v : getPrefix(ctx, v, req.family);
    } else if (w === "anycast") args.next();
    else if (w === "scope") {
      const v = args.next();
      req.scope = scopeId(v) ?? invarg(ctx, "invalid scope value.", v);
    } else if (w === "dev") req.dev = args.next();
    else if (w === "label") req.label = args.next();
    else if (abbrev(w, "metric") || abbrev(w, "priority") || abbrev(w, "preference")) {
      const v = args.next();
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      req.metric = n <= 0xffffffff ? n : invarg(ctx, '"metric" value is invalid\n', v);
    } else if (abbrev(w, "valid_lft") || abbrev(w, "preferred_lft")) {
      const v = args.next();
      if (v !== "forever") die(ctx, `nfsim: finite address lifetimes are not emulated\n`, 1);
    } else if (confFlag(ctx, req, w)) continue;
    else {
      const v = w === "local" ? args.next() : w;
      if (abbrev(v, "help")) die(ctx, ADDR_USAGE, 255);
      if (req.local !== undefined) duparg2(ctx, "local", v);
      req.localText = v;
      req.local = getPrefix(ctx, v, req.family);
      if (req.family === "unspec") req.family = req.local.family;
    }
  }
  return req;
}

/** `brd +` / `brd -`: the host bits of the prefix set or cleared, for IPv4 prefixes up to /30. */
function derivedBroadcast(p: InetPrefix, mode: "+" | "-"): number | undefined {
  if (p.bitlen > 30) return undefined;
  const host = ~prefixToMask(p.bitlen) >>> 0;
  return mode === "+" ? (p.v4 | host) >>> 0 : (p.v4 & ~host) >>> 0;
}

function modify(ctx: IpCtx, argv: string[], mode: "add" | "del" | "replace" | "change"): number {
  const req = parseModify(ctx, argv);
  if (req.dev === undefined) return die(ctx, 'Not enough information: "dev" argument is required.\n', 1);
  const local = req.local;
  if (mode === "del" && local?.family === "inet" && !local.prefixSpecified && req.peer === undefined) {
    ctx.io.stderr(
      `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${req.localText ?? ""}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`,
    );
  }
  let brd: number | undefined;
  if (req.brd === "+" || req.brd === "-") {
    if (mode !== "del") {
      if (req.family !== "inet") return die(ctx, "Broadcast can be set only for IPv4 addresses\n", 1);
      const base = req.peer ?? local;
      if (base !== undefined) brd = derivedBroadcast(base, req.brd);
    }
  } else if (req.brd !== undefined) brd = req.brd.v4;
  const dev = deviceByName(netns(ctx), req.dev) ?? nodev(ctx, req.dev);
  // No address at all: the request goes out with family AF_UNSPEC, which no handler takes.
  if (local === undefined) return talk(ctx, () => fail("EOPNOTSUPP"));
  if (local.family === "inet6") return modify6(ctx, dev, local, req, mode);
  const scope = req.scope ?? ((local.v4 >>> 24) === 127 ? SCOPE_HOST : 0);
  const ns = netns(ctx);
  talk(ctx, () => {
    if (mode === "del") {
      deleteIfaddr(ns, dev, { addr: local.v4, ...(local.prefixSpecified ? { prefixLen: local.bitlen } : {}), ...(req.label !== undefined ? { label: req.label } : {}) });
      return;
    }
    const existing = dev.addrs.find((a) => a.addr === local.v4 && a.prefixLen === local.bitlen);
    if (existing !== undefined) {
      if (mode === "add") fail("EEXIST", "ipv4: Address already assigned");
      replaceIfaddr(ns, dev, existing, req.metric ?? 0);
      return;
    }
    addIfaddr(ns, dev, {
      addr: local.v4,
      prefixLen: local.bitlen,
      ...(req.peer !== undefined ? { peer: req.peer.v4 } : {}),
      ...(brd !== undefined ? { broadcast: brd } : {}),
      scope,
      label: req.label ?? dev.name,
      secondary: false,
      ...(req.metric ? { metric: req.metric } : {}),
      ...(req.noprefixroute ? { noprefixroute: true } : {}),
    });
  });
  return 0;
}

function modify6(ctx: IpCtx, dev: Device, local: InetPrefix, req: AddrReq, mode: "add" | "del" | "replace" | "change"): number {
  const ns = netns(ctx);
  talk(ctx, () => {
    if (mode === "del") {
      deleteIf6addr(ns, dev, local.v6, local.bitlen);
      return;
    }
    const exists = (dev.addrs6 ?? []).some((a) => a.addr === local.v6);
    if (exists && mode !== "add") return;
    if (!exists && mode === "change") fail("ENOENT");
    addIf6addr(ns, dev, local.v6, local.bitlen, { nodad: req.nodad, noprefixroute: req.noprefixroute }, ctx.world.clock);
  });
  return 0;
}

/** ipaddr_flush: deletes every address the filter selects; ones already gone with their primary are skipped. */
function flush(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return die(ctx, "Flush requires arguments.\n", 1);
  if (ctx.opts.family === "link") return die(ctx, "Cannot flush link addresses.\n", 1);
  const f = parseFilter(ctx, argv, false);
  const ns = netns(ctx);
  const devs = f.dev !== undefined ? [deviceByName(ns, f.dev)].filter((d): d is Device => d !== undefined) : devicesInOrder(ns);
  const pick = (family: "inet" | "inet6") =>
    devs.flatMap((dev) => addressesOf(dev, family).filter((a) => addrMatches(f, dev, a)).map((a) => ({ dev, a })));
  if (f.family !== "inet6") {
    for (const { dev, a } of pick("inet")) {
      const ifa = dev.addrs.find((x) => x.addr === a.raw.v4 && x.prefixLen === a.prefixLen);
      if (ifa !== undefined) removeIfaddr(ns, dev, ifa);
    }
  }
  if (f.family !== "inet") {
    for (const { dev, a } of pick("inet6")) {
      if ((dev.addrs6 ?? []).some((x) => x.addr === a.raw.v6)) deleteIf6addr(ns, dev, a.raw.v6 ?? "", a.prefixLen);
    }
  }
  return 0;
}

const COMMANDS: readonly [string, (ctx: IpCtx, argv: string[]) => number][] = [
  ["add", (ctx, argv) => modify(ctx, argv, "add")],
  ["change", (ctx, argv) => modify(ctx, argv, "change")],
  ["replace", (ctx, argv) => modify(ctx, argv, "replace")],
  ["delete", (ctx, argv) => modify(ctx, argv, "del")],
  ["list", (ctx, argv) => list(ctx, argv, false)],
  ["show", (ctx, argv) => list(ctx, argv, false)],
  ["lst", (ctx, argv) => list(ctx, argv, false)],
  ["flush", flush],
  ["help", (ctx) => die(ctx, ADDR_USAGE, 255)],
];

export function doAddress(ctx: IpCtx, argv: string[]): number {
  if (argv.length === 0) return list(ctx, [], false);
  const word = argv[0] ?? "";
  if (word === "chg") return modify(ctx, argv.slice(1), "change");
  const hit = COMMANDS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Command "${word}" is unknown, try "ip address help".\n`, 255);
  return hit[1](ctx, argv.slice(1));
}
