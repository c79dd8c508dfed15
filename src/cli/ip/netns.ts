// `ip netns` (ip/ipnetns.c): names under /run/netns, the ids the current namespace gives
// them, and running a command inside one (`ip netns exec`, `ip -n`).
import { NetlinkError } from "../../stack/errors.ts";
import { addNetns, deleteNetns, netnsNames, nsidOf, setNsid } from "../../world/netns.ts";
import { Args, die, invarg, talk, type IpCtx } from "./context.ts";
import { abbrev } from "./names.ts";
import { NETNS_USAGE } from "./usage.ts";

/** netns_switch (lib/namespace.c), for -n and exec. */
export function netnsSwitch(ctx: IpCtx, name: string): void {
  if (name.includes("/") || ctx.world.namespaces[name] === undefined || name === "") {
    die(ctx, `Cannot open network namespace "${name}": No such file or directory\n`, 255);
  }
  ctx.ns = name;
}

function invalidName(name: string): boolean {
  return name === "" || name.length > 255 || name.includes("/") || name === "." || name === "..";
}

function list(ctx: IpCtx): number {
  const out = ctx.out;
  out.newJson();
  for (const name of netnsNames(ctx.world)) {
    out.openObject();
    out.str("any", "name", "%s", name);
    const id = nsidOf(ctx.world, ctx.ns, name);
    if (id !== undefined) out.num("any", "id", " (id: %d)", id);
    out.fp("\n");
    out.closeObject();
  }
  out.endJson();
  return 0;
}

function add(ctx: IpCtx, argv: string[]): number {
  const name = argv[0];
  if (name === undefined) return die(ctx, "No netns name specified\n", 1);
  try {
    addNetns(ctx.world, name);
  } catch (e) {
    if (e instanceof NetlinkError) die(ctx, `Cannot create namespace file "/run/netns/${name}": File exists\n`, 1);
    throw e;
  }
  return 0;
}

function removeOne(ctx: IpCtx, name: string): number {
  if (ctx.world.namespaces[name] === undefined || name === "") {
    return die(ctx, `Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`, 1);
  }
  deleteNetns(ctx.world, name);
  return 0;
}

function del(ctx: IpCtx, argv: string[]): number {
  if (ctx.opts.all) {
    for (const name of netnsNames(ctx.world)) deleteNetns(ctx.world, name);
    return 0;
  }
  const name = argv[0];
  if (name === undefined) return die(ctx, "No netns name specified\n", 1);
  return removeOne(ctx, name);
}

function identify(ctx: IpCtx, argv: string[]): number {
  if (argv.length > 1) return die(ctx, "extra arguments specified\n", 1);
  const pid = argv[0];
  if (pid !== undefined) {
    if (!/^\d*$/.test(pid)) return die(ctx, `Specified string '${pid}' is not a pid\n`, 1);
    return die(ctx, "Cannot open network namespace: No such file or directory\n", 1);
  }
  const name = ctx.ns === "" ? "" : ctx.ns;
  ctx.out.raw(`${name}\n`);
  return 0;
}

function set(ctx: IpCtx, argv: string[]): number {
  const [name, idText] = argv;
  if (name === undefined) return die(ctx, "No netns name specified\n", 1);
  if (idText === undefined) return die(ctx, "No nsid specified\n", 1);
  let id: number | "auto" = "auto";
  if (idText !== "auto") {
    if (!/^[-+]?(0[xX][0-9a-fA-F]+|\d+)$/.test(idText)) invarg(ctx, 'Invalid "netnsid" value', idText);
    id = Number(idText);
    if (id < 0) invarg(ctx, '"netnsid" value should be >= 0', idText);
  }
  if (ctx.world.namespaces[name] === undefined) return die(ctx, `Cannot open network namespace "${name}": No such file or directory\n`, 1);
  talk(ctx, () => setNsid(ctx.world, ctx.ns, name, id));
  return 0;
}

/** `ip netns list-id`: the ids this namespace gave, in id order. */
function listId(ctx: IpCtx, argv: string[]): number {
  if (argv.length > 0) die(ctx, NETNS_USAGE, 255);
  const ids = ctx.world.namespaces[ctx.ns]?.nsids ?? {};
  const out = ctx.out;
  out.newJson();
  for (const [name, id] of Object.entries(ids).sort(([, a], [, b]) => a - b)) {
    out.openObject();
    out.num("any", "nsid", "nsid %d ", id);
    if (name !== "") out.str("any", "name", "(iproute2 netns name: %s)", name);
    out.fp("\n");
    out.closeObject();
  }
  out.endJson();
  return 0;
}

/** cmd_exec: the command runs as an emulated tool in the namespace; its status is ip's. */
function runIn(ctx: IpCtx, name: string, argv: string[]): number {
  const [cmd = "", ...args] = argv;
  const tool = ctx.tools(cmd);
  if (tool === undefined) return die(ctx, `exec of "${cmd}" failed: No such file or directory\n`, 1);
  if (ctx.out.text !== "") {
    ctx.io.stdout(ctx.out.text);
    ctx.out.text = "";
  }
  return tool(args, ctx.world, name, ctx.io);
}

function exec(ctx: IpCtx, argv: string[]): number {
  if (ctx.opts.all) {
    if (argv.length < 1) return die(ctx, "No command specified\n", 1);
    for (const name of netnsNames(ctx.world)) {
      ctx.out.raw(`\nnetns: ${name}\n`);
      runIn(ctx, name, argv);
    }
    return 0;
  }
  const [name, ...cmd] = argv;
  if (name === undefined) return die(ctx, "No netns name specified\n", 1);
  if (cmd.length === 0) return die(ctx, "No command specified\n", 1);
  netnsSwitch(ctx, name);
  return runIn(ctx, name, cmd);
}

const COMMANDS: readonly [string, (ctx: IpCtx, argv: string[]) => number][] = [
  ["list", list],
  ["show", list],
  ["lst", list],
  ["list-id", listId],
  ["help", (ctx) => die(ctx, NETNS_USAGE, 255)],
  ["add", add],
  ["set", set],
  ["delete", del],
  ["identify", identify],
  ["pids", () => 0],
  ["exec", exec],
];

export function doNetns(ctx: IpCtx, argv: string[]): number {
  const args = new Args(ctx, argv);
  if (args.done) return list(ctx);
  const word = args.cur;
  const second = argv[1];
  if (!ctx.opts.all && second !== undefined && invalidName(second)) die(ctx, `Invalid netns name "${second}"\n`, 255);
  const hit = COMMANDS.find(([name]) => abbrev(word, name));
  if (hit === undefined) return die(ctx, `Command "${word}" is unknown, try "ip netns help".\n`, 255);
  return hit[1](ctx, argv.slice(1));
}
