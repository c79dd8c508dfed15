// What every `ip` subcommand works with: the world and the namespace it runs in, the
// global options, the output, and the way iproute2 ends a command (exit(-1) is 255).
import { NetlinkError } from "../../stack/errors.ts";
import { settle } from "../../stack/link.ts";
import { deviceByName } from "../../stack/namespace.ts";
import type { Device, NetNamespace } from "../../stack/types.ts";
import type { World } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import type { Out } from "./print.ts";

export type Family = "unspec" | "inet" | "inet6" | "link" | "mpls" | "bridge";

export interface IpOptions {
  family: Family;
  details: number;
  stats: number;
  brief: boolean;
  oneline: boolean;
  json: boolean;
  pretty: boolean;
  color: boolean;
  numeric: boolean;
  all: boolean;
  force: boolean;
  loops: number;
}

export interface IpCtx {
  readonly world: World;
  /** The namespace the command acts in (after -n / ip netns exec). */
  ns: string;
  readonly io: ToolIO;
  readonly out: Out;
  readonly opts: IpOptions;
  /** The other emulated tools, for `ip netns exec`. */
  readonly tools: (name: string) => Tool | undefined;
}

/** The end of an `ip` run with a status; its message has already been written. */
export class IpExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${String(status)}`);
  }
}

export function netns(ctx: IpCtx): NetNamespace {
  const ns = ctx.world.namespaces[ctx.ns];
  if (ns === undefined) throw new Error(`namespace ${ctx.ns} vanished`);
  return ns;
}

/** Writes to stderr and ends with the status (255 for the C exit(-1)). */
export function die(ctx: IpCtx, message: string, status: number): never {
  ctx.io.stderr(message);
  throw new IpExit(status);
}

export function invarg(ctx: IpCtx, msg: string, arg: string): never {
  return die(ctx, `Error: argument "${arg}" is wrong: ${msg}\n`, 255);
}

export function duparg(ctx: IpCtx, key: string, arg: string): never {
  return die(ctx, `Error: duplicate "${key}": "${arg}" is the second value.\n`, 255);
}

export function duparg2(ctx: IpCtx, key: string, arg: string): never {
  return die(ctx, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, 255);
}

export function incomplete(ctx: IpCtx): never {
  return die(ctx, 'Command line is not complete. Try option "help"\n', 255);
}

/** nodev(): `Cannot find device`, status 1. */
export function nodev(ctx: IpCtx, name: string): never {
  return die(ctx, `Cannot find device "${name}"\n`, 1);
}

export function deviceOrDie(ctx: IpCtx, name: string): Device {
  return deviceByName(netns(ctx), name) ?? nodev(ctx, name);
}

/** An argv walker with NEXT_ARG(): running out of words is "Command line is not complete". */
export class Args {
  private i = 0;
  constructor(
    private readonly ctx: IpCtx,
    private readonly argv: readonly string[],
  ) {}

  get done(): boolean {
    return this.i >= this.argv.length;
  }

  get cur(): string {
    return this.argv[this.i] ?? "";
  }

  get rest(): string[] {
    return this.argv.slice(this.i);
  }

  get remaining(): number {
    return this.argv.length - this.i;
  }

  /** NEXT_ARG(): the following word. */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) incomplete(this.ctx);
    return this.cur;
  }

  advance(): void {
    this.i++;
  }

  back(): void {
    this.i--;
  }
}

/**
 * rtnl_talk: a kernel refusal prints the extack message ("Error: ...") when there is one,
 * else "RTNETLINK answers: <strerror>", and the command fails with status 2.
 */
export function talk<T>(ctx: IpCtx, request: () => T): T {
  try {
    return request();
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    const msg = e.extack === undefined ? `RTNETLINK answers: ${e.strerror}\n` : `Error: ${e.extack}${e.extack.endsWith(".") ? "" : "."}\n`;
    return die(ctx, msg, 2);
  }
}

/** Brings timers up to the virtual clock before a command looks at the world. */
export function settleWorld(ctx: IpCtx): void {
  settle(ctx.world);
}
