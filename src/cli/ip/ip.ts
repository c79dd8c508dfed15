// `ip` (iproute2 6.1, ip/ip.c): global options, then an object and its command. The
// objects nfsim emulates are link, address, route, neighbour, netns and rule (show).
import type { Tool, ToolIO } from "../io.ts";
import type { World } from "../../world/world.ts";
import { abbrev } from "./names.ts";
import { die, IpExit, settleWorld, type Family, type IpCtx, type IpOptions } from "./context.ts";
import { Out } from "./print.ts";
import { doAddress } from "./addr.ts";
import { doLink } from "./link.ts";
import { doNeigh } from "./neigh.ts";
import { doNetns, netnsSwitch } from "./netns.ts";
import { doRoute } from "./route.ts";
import { doRule } from "./rule.ts";
import { IP_USAGE } from "./usage.ts";

type Command = (ctx: IpCtx, argv: string[]) => number;

/** ip.c's command table, in its order: the first entry the word abbreviates wins. */
const OBJECTS: readonly [string, Command | undefined][] = [
  ["address", doAddress],
  ["addrlabel", undefined],
  ["maddress", undefined],
  ["route", doRoute],
  ["rule", doRule],
  ["neighbor", doNeigh],
  ["neighbour", doNeigh],
  ["ntable", undefined],
  ["ntbl", undefined],
  ["link", doLink],
  ["l2tp", undefined],
  ["fou", undefined],
  ["ila", undefined],
  ["macsec", undefined],
  ["tunnel", undefined],
  ["tunl", undefined],
  ["tuntap", undefined],
  ["tap", undefined],
  ["token", undefined],
  ["tcpmetrics", undefined],
  ["tcp_metrics", undefined],
  ["monitor", undefined],
  ["xfrm", undefined],
  ["mroute", undefined],
  ["mrule", undefined],
  ["netns", doNetns],
  ["netconf", undefined],
  ["vrf", undefined],
  ["sr", undefined],
  ["nexthop", undefined],
  ["mptcp", undefined],
  ["ioam", undefined],
  ["help", (ctx) => usage(ctx)],
  ["stats", undefined],
];

function usage(ctx: IpCtx): never {
  return die(ctx, IP_USAGE, 255);
}

function readFamily(word: string): Family | undefined {
  const map: Record<string, Family> = { inet: "inet", inet6: "inet6", link: "link", mpls: "mpls", bridge: "bridge" };
  return map[word];
}

function defaultOptions(): IpOptions {
  return {
    family: "unspec", details: 0, stats: 0, brief: false, oneline: false, json: false, pretty: false,
    color: false, numeric: false, all: false, force: false, loops: 10,
  };
}

/** matches_color: -c, -color, -color=always|auto|never. */
function colorOption(opt: string): "always" | "auto" | "never" | undefined {
  const [name = "", value] = opt.split("=", 2);
  if (!abbrev(name, "-color")) return undefined;
  if (value === undefined || value === "" || value === "always") return "always";
  if (value === "auto" || value === "never") return value;
  return undefined;
}

interface Parsed {
  readonly rest: string[];
  readonly color: "always" | "auto" | "never" | undefined;
  readonly netns?: string;
  readonly version: boolean;
  readonly batch?: string;
}

/** The option loop of ip.c's main(). */
function parseOptions(ctx: IpCtx, argv: readonly string[]): Parsed {
  const o = ctx.opts;
  let i = 0;
  let color: Parsed["color"];
  let netnsName: string | undefined;
  let batch: string | undefined;
  const need = () => {
    i++;
    return argv[i] ?? usage(ctx);
  };
  for (; i < argv.length; i++) {
    let opt = argv[i] ?? "";
    if (opt === "--") {
      i++;
      break;
    }
    if (!opt.startsWith("-")) break;
    if (opt[1] === "-") opt = opt.slice(1);
    if (abbrev(opt, "-loops")) o.loops = Number.parseInt(need(), 10) || 0;
    else if (abbrev(opt, "-family")) {
      const word = need();
      if (word === "help") usage(ctx);
      const fam = readFamily(word);
      if (fam === undefined) die(ctx, `Error: argument "${word}" is wrong: invalid protocol family\n`, 255);
      o.family = fam;
    } else if (opt === "-4") o.family = "inet";
    else if (opt === "-6") o.family = "inet6";
    else if (opt === "-0") o.family = "link";
    else if (opt === "-M") o.family = "mpls";
    else if (opt === "-B") o.family = "bridge";
    else if (abbrev(opt, "-human") || abbrev(opt, "-human-readable") || abbrev(opt, "-iec")) continue;
    else if (abbrev(opt, "-stats") || abbrev(opt, "-statistics")) o.stats++;
    else if (abbrev(opt, "-details")) o.details++;
    else if (abbrev(opt, "-resolve")) continue;
    else if (abbrev(opt, "-oneline")) o.oneline = true;
    else if (abbrev(opt, "-timestamp") || abbrev(opt, "-tshort")) continue;
    else if (abbrev(opt, "-Version")) return { rest: [], color, version: true };
    else if (abbrev(opt, "-force")) o.force = true;
    else if (abbrev(opt, "-batch")) batch = need();
    else if (abbrev(opt, "-brief")) o.brief = true;
    else if (abbrev(opt, "-json")) o.json = true;
    else if (abbrev(opt, "-pretty")) o.pretty = true;
    else if (abbrev(opt, "-rcvbuf")) need();
    else if (colorOption(opt) !== undefined) color = colorOption(opt);
    else if (abbrev(opt, "-help")) usage(ctx);
    else if (abbrev(opt, "-netns")) {
      i++;
      // NEXT_ARG() leaves argv[1] NULL when -n is the last word: netns_switch gets "(null)".
      netnsName = argv[i] ?? "(null)";
      netnsSwitch(ctx, netnsName);
    } else if (abbrev(opt, "-Numeric")) o.numeric = true;
    else if (abbrev(opt, "-all")) o.all = true;
    else if (opt === "-echo") continue;
    else die(ctx, `Option "${opt}" is unknown, try "ip -help".\n`, 255);
  }
  return { rest: argv.slice(i), color, version: false, ...(batch !== undefined ? { batch } : {}) };
}

/** do_cmd: the object word may be abbreviated. */
function doCmd(ctx: IpCtx, argv: string[]): number {
  const word = argv[0] ?? "";
  const hit = OBJECTS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Object "${word}" is unknown, try "ip help".\n`, 1);
  const [name, fn] = hit;
  if (fn === undefined) return die(ctx, `nfsim: "ip ${name}" is not emulated\n`, 1);
  return fn(ctx, argv.slice(1));
}

/**
 * `ip -batch FILE` (lib/utils.c: do_batch): one command per line; a failing one is reported
 * as "Command failed FILE:LINE" and ends the batch unless -force. A command that exits
 * (usage errors, exit(-1)) ends ip itself. nfsim reads only standard input ("-").
 */
function runBatch(ctx: IpCtx, file: string): number {
  if (file !== "-") return die(ctx, `nfsim: ip -batch reads only standard input ("-")\n`, 1);
  let failed = false;
  const family = ctx.opts.family;
  for (const [i, line] of ctx.io.stdin.split("\n").entries()) {
    const words = line.replace(/#.*/, "").trim().split(/\s+/).filter((w) => w !== "");
    if (words.length === 0) continue;
    ctx.opts.family = family;
    let status: number;
    try {
      status = doCmd(ctx, words);
    } catch (e) {
      if (!(e instanceof IpExit) || e.status === 255) throw e;
      status = e.status;
    }
    flush(ctx);
    if (status !== 0) {
      ctx.io.stderr(`Command failed ${file}:${String(i + 1)}\n`);
      failed = true;
      if (!ctx.opts.force) break;
    }
  }
  return failed ? 1 : 0;
}

function flush(ctx: IpCtx): void {
  if (ctx.out.text !== "") ctx.io.stdout(ctx.out.text);
  ctx.out.text = "";
}

export type ToolLookup = (name: string) => Tool | undefined;

/** Runs `ip ARGV` in namespace `ns`; `tools` lets `ip netns exec` start the other emulated tools. */
export function ip(argv: readonly string[], world: World, ns: string, io: ToolIO, tools: ToolLookup = () => undefined): number {
  const opts = defaultOptions();
  const ctx: IpCtx = { world, ns, io, opts, out: new Out({ json: false, pretty: false, color: false, oneline: false }), tools };
  try {
    const parsed = parseOptions(ctx, argv);
    if (parsed.version) {
      io.stdout("ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
      return 0;
    }
    const color = !opts.json && parsed.color === "always";
    const full: IpCtx = { ...ctx, out: new Out({ json: opts.json, pretty: opts.pretty, color, oneline: opts.oneline }) };
    settleWorld(full);
    try {
      if (parsed.batch !== undefined) return runBatch(full, parsed.batch);
      if (parsed.rest.length === 0) usage(full);
      return doCmd(full, parsed.rest);
    } finally {
      flush(full);
    }
  } catch (e) {
    if (e instanceof IpExit) return e.status;
    throw e;
  }
}
