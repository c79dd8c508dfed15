// The `bridge` command of iproute2 6.1 (bridge/bridge.c): its options, then an object
// (link, fdb) and a command. It shares ip's output writer and error conventions: a C
// exit(-1) is status 255, and a netlink refusal prints "RTNETLINK answers: ...".
import { settle } from "../../stack/link.ts";
import type { World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";
import { die, incomplete, IpExit, type IpCtx, type IpOptions } from "../ip/context.ts";
import { abbrev } from "../ip/names.ts";
import { Out } from "../ip/print.ts";
import { doFdb } from "./fdb.ts";
import { doLink } from "./link.ts";

const USAGE =
  "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n" +
  "       bridge [ -force ] -batch filename\n" +
  "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n" +
  "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n" +
  "                    -o[neline] | -t[imestamp] | -n[etns] name |\n" +
  "                    -c[ompressvlans] -color -p[retty] -j[son] }\n";

function options(): IpOptions {
  return { family: "bridge", details: 0, stats: 0, brief: false, oneline: false, json: false, pretty: false, color: false, numeric: false, all: false, force: false, loops: 1 };
}

interface Parsed {
  readonly rest: readonly string[];
  readonly ns?: string;
}

/** main's option loop: the flags nfsim follows, and the real tool's refusals. */
function parseOptions(ctx: IpCtx, argv: readonly string[]): Parsed {
  const o = ctx.opts;
  let i = 0;
  let ns: string | undefined;
  for (; i < argv.length && (argv[i] ?? "").startsWith("-"); i++) {
    const raw = argv[i] ?? "";
    if (raw === "--") { i++; break; }
    const opt = raw.startsWith("--") ? raw.slice(1) : raw;
    if (abbrev(opt, "-help")) die(ctx, USAGE, 255);
    else if (abbrev(opt, "-Version")) {
      ctx.io.stdout("bridge utility, 6.1.0\n");
      throw new IpExit(0);
    } else if (abbrev(opt, "-stats") || abbrev(opt, "-statistics")) o.stats++;
    else if (abbrev(opt, "-details")) o.details++;
    else if (abbrev(opt, "-netns")) {
      ns = argv[++i];
      if (ns === undefined) incomplete(ctx);
    } else if (abbrev(opt, "-json")) o.json = true;
    else if (abbrev(opt, "-pretty")) o.pretty = true;
    else if (abbrev(opt, "-force")) o.force = true;
    else die(ctx, `Option "${raw}" is unknown, try "bridge help".\n`, 255);
  }
  return { rest: argv.slice(i), ...(ns !== undefined ? { ns } : {}) };
}

/** do_cmd: the object by its (abbreviated) name. */
function doCmd(ctx: IpCtx, rest: readonly string[]): number {
  const [obj = "", ...args] = rest;
  if (abbrev(obj, "link")) return doLink(ctx, args);
  if (abbrev(obj, "fdb")) return doFdb(ctx, args);
  if (abbrev(obj, "help")) return die(ctx, USAGE, 255);
  if (["mdb", "vlan", "monitor"].some((o) => abbrev(obj, o))) return die(ctx, `nfsim: bridge ${obj} is not emulated\n`, 2);
  return die(ctx, `Object "${obj}" is unknown, try "bridge help".\n`, 255);
}

/** `bridge -n NS`: netns_switch, with ip's wording when the namespace is missing. */
function switchNetns(ctx: IpCtx, world: World, name: string): IpCtx {
  if (world.namespaces[name] === undefined) {
    die(ctx, `Cannot open network namespace "${name}": No such file or directory\n`, 255);
  }
  return { ...ctx, ns: name };
}

/** Runs `bridge ARGV` in namespace `ns`. */
export function bridge(argv: readonly string[], world: World, ns: string, io: ToolIO): number {
  const opts = options();
  const base: IpCtx = { world, ns, io, opts, out: new Out({ json: false, pretty: false, color: false, oneline: false }), tools: () => undefined };
  let ctx = base;
  try {
    const parsed = parseOptions(base, argv);
    if (parsed.ns !== undefined) ctx = switchNetns(base, world, parsed.ns);
    ctx = { ...ctx, out: new Out({ json: opts.json, pretty: opts.pretty, color: false, oneline: false }) };
    settle(world);
    if (parsed.rest.length === 0) return die(ctx, USAGE, 255);
    return doCmd(ctx, parsed.rest);
  } catch (e) {
    if (e instanceof IpExit) return e.status;
    throw e;
  } finally {
    if (ctx.out.text !== "") io.stdout(ctx.out.text);
  }
}
