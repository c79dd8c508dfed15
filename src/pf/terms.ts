// The pieces of a rule as parse.y's grammar reads them (interface, proto, fromto, host,
// portspec, uids, flags, icmpspec, ...): each returns the unexpanded lists that
// expand_rule() multiplies out.
import type { Af } from "./addr.ts";
import { host, ifaLookup, splitModifiers, type HostInterface, type HostNode } from "./hosts.ts";
import { icmpCodeByName, icmpTypeByName, protoByName, serviceByName } from "./names.ts";
import { ActionFail, SyntaxFail, type TokenStream } from "./stream.ts";
import type { PortOp, PortSpec, UgidSpec } from "./types.ts";

export interface IfNode {
  readonly name: string;
  readonly not: boolean;
  /** antispoof for (if): addresses follow the interface. */
  readonly dynamic?: boolean;
}

export interface IcmpNode {
  /** type + 1 and code + 1, 0 when unset (struct node_icmp). */
  readonly type: number;
  readonly code: number;
  readonly proto: 1 | 58;
}

export interface Endpoint {
  hosts?: HostNode[];
  ports?: PortSpec[];
}

export interface FromTo {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly os?: string[];
}

export const UID_MAX = 0xffffffff;

export class Terms {
  constructor(
    readonly ts: TokenStream,
    private readonly ifs: readonly HostInterface[],
  ) {}

  /** host() without reporting: undefined when the text is no address. */
  hostOf(s: string): HostNode[] | undefined {
    const r = host(this.ifs, s);
    return r.ok ? r.nodes : undefined;
  }

  icmpCodeOf(type: number, name: string, af: 4 | 6): number | undefined {
    return icmpCodeByName(type, name, af);
  }

  /** ifa_lookup(if, network or 0): what antispoof blocks. */
  interfaceAddrs(name: string, network: boolean): HostNode[] {
    return ifaLookup(this.ifs, name, network ? ["network"] : []);
  }

  isLoopback(name: string): boolean {
    return this.ifs.some((i) => i.name === name && i.loopback);
  }

  /** not: an optional '!'. */
  not(): boolean {
    return this.ts.acceptPunct("!");
  }

  /** A brace list `{ item [,] item ... }` with newlines allowed, or one item. */
  list<T>(item: () => T): T[] {
    if (!this.ts.acceptPunct("{")) return [item()];
    this.ts.optnl();
    const out = [item()];
    this.ts.optnl();
    while (!this.ts.acceptPunct("}")) {
      this.ts.comma();
      out.push(item());
      this.ts.optnl();
    }
    return out;
  }

  /** interface: `on [!] if` or `on { ... }`. */
  interfaces(): IfNode[] | undefined {
    if (!this.ts.acceptKw("on")) return undefined;
    return this.list(() => this.ifItem());
  }

  ifItem(): IfNode {
    const not = this.not();
    const name = this.ts.expectString();
    if (name.length >= 16) this.ts.fail("interface name too long");
    return { name, not };
  }

  af(): Af {
    if (this.ts.acceptKw("inet")) return 4;
    if (this.ts.acceptKw("inet6")) return 6;
    return 0;
  }

  protos(): number[] | undefined {
    if (!this.ts.acceptKw("proto")) return undefined;
    return this.list(() => this.protoItem());
  }

  private protoItem(): number {
    const t = this.ts.peek();
    let p: number;
    if (t.kind === "number") {
      this.ts.next();
      p = Number(t.text);
      if (p < 0 || p > 255) this.ts.fail("protocol outside range");
    } else {
      const name = this.ts.expectString();
      const n = protoByName(name);
      if (n === undefined) this.ts.fail(`unknown protocol ${name}`);
      p = n;
    }
    if (p === 0) this.ts.fail("proto 0 cannot be used");
    return p;
  }

  /** fromto: `all`, or `[from ipportspec] [os ...] [to ipportspec]`. */
  fromto(): FromTo {
    if (this.ts.acceptKw("all")) return { src: {}, dst: {} };
    const src = this.ts.acceptKw("from") ? this.ipportspec() : {};
    const os = this.ts.acceptKw("os") ? this.list(() => this.ts.expectString()) : undefined;
    let dst: Endpoint = {};
    if (this.ts.acceptKw("to")) {
      dst = this.ipportspec();
      if (dst.hosts?.some((h) => h.addr.type === "urpf-failed")) {
        this.ts.fail('"urpf-failed" is not permitted in a destination address');
      }
    }
    return { src, dst, ...(os ? { os } : {}) };
  }

  ipportspec(): Endpoint {
    if (this.ts.acceptKw("port")) return { ports: this.portspec() };
    const hosts = this.ipspec();
    const out: Endpoint = hosts === undefined ? {} : { hosts };
    if (this.ts.acceptKw("port")) out.ports = this.portspec();
    return out;
  }

  /** ipspec: any, one host, or a list (an `any` inside a list adds nothing). */
  ipspec(): HostNode[] | undefined {
    if (this.ts.acceptKw("any")) return undefined;
    if (!this.ts.acceptPunct("{")) return this.xhost();
    this.ts.optnl();
    const out: HostNode[] = [];
    let first = true;
    while (first || !this.ts.acceptPunct("}")) {
      if (!first) this.ts.comma();
      first = false;
      const h = this.ipspec();
      if (h !== undefined) out.push(...h);
      this.ts.optnl();
    }
    return out.length === 0 ? undefined : out;
  }

  /** xhost: [!] host | [!] no-route | [!] urpf-failed */
  xhost(): HostNode[] {
    const not = this.not();
    if (this.ts.acceptKw("no-route")) return [{ addr: { type: "noroute" }, not, af: 0 }];
    if (this.ts.acceptKw("urpf-failed")) return [{ addr: { type: "urpf-failed" }, not, af: 0 }];
    return this.host().map((h) => ({ ...h, not }));
  }

  /** host: STRING, STRING - STRING, STRING/n, n/n, (if), (if)/n, <table>, route "label". */
  host(): HostNode[] {
    const t = this.ts.peek();
    if (this.ts.acceptPunct("<")) return [this.tableRef()];
    if (this.ts.acceptPunct("(")) return [this.dynaddr()];
    if (t.kind === "number") {
      this.ts.next();
      this.ts.expectPunct("/");
      const bits = this.ts.expectNumber();
      return this.resolve(`${t.text}/${String(bits)}`);
    }
    const s = this.ts.expectString();
    if (this.ts.acceptPunct("/")) return this.resolve(`${s}/${String(this.ts.expectNumber())}`);
    if (this.ts.acceptPunct("-")) return [this.range(s, this.ts.expectString())];
    return this.resolve(s);
  }

  private resolve(s: string): HostNode[] {
    const r = host(this.ifs, s);
    if (!r.ok) {
      this.ts.warn(r.message);
      this.ts.fail("could not parse host specification");
    }
    return r.nodes;
  }

  private range(a: string, b: string): HostNode {
    const ra = host(this.ifs, a);
    const rb = host(this.ifs, b);
    if (!ra.ok || !rb.ok) {
      for (const r of [ra, rb]) if (!r.ok) this.ts.warn(r.message);
      this.ts.fail("could not parse host specification");
    }
    const [x] = ra.nodes;
    const [y] = rb.nodes;
    const single = (n: HostNode | undefined, all: HostNode[]) =>
      n !== undefined && all.length === 1 && n.addr.type === "addrmask" && n.addr.bits === (n.af === 4 ? 32 : 128);
    if (!single(x, ra.nodes) || !single(y, rb.nodes) || x?.af !== y?.af || x?.addr.type !== "addrmask" || y?.addr.type !== "addrmask") {
      this.ts.fail("invalid address range");
    }
    return { addr: { type: "range", from: x.addr.addr, to: y.addr.addr }, not: false, af: x.af };
  }

  private tableRef(): HostNode {
    const name = this.ts.expectString();
    this.ts.expectPunct(">");
    if (name.length >= 32) this.ts.fail(`table name '${name}' too long`);
    return { addr: { type: "table", name }, not: false, af: 0 };
  }

  /** dynaddr: `(if[:mod...])`, optionally `/bits`. */
  private dynaddr(): HostNode {
    const s = this.ts.expectString();
    this.ts.expectPunct(")");
    if (!/^[A-Za-z]/.test(s)) this.ts.fail(`invalid interface name '${s}'`);
    const split = splitModifiers(s);
    if (split === undefined) this.ts.fail(`interface ${s} has bad modifier`);
    const modes = split.mods.filter((m) => m !== "0");
    if (modes.length > 1) this.ts.fail("illegal combination of interface modifiers");
    if (split.name.length >= 16) this.ts.fail("interface name too long");
    let bits: number | undefined;
    if (this.ts.acceptPunct("/")) {
      bits = this.ts.expectNumber();
      if (bits < 0 || bits > 128) this.ts.fail("bit number too big");
    }
    const order = ["network", "broadcast", "peer", "0"] as const;
    const mods = order.filter((m) => split.mods.includes(m));
    return { addr: { type: "dynif", ifname: split.name, mods, ...(bits !== undefined ? { bits } : {}) }, not: false, af: 0 };
  }

  /** portspec: one port_item or a brace list. */
  portspec(): PortSpec[] {
    return this.list(() => this.portItem());
  }

  private unaryop(): PortOp | undefined {
    const t = this.ts.peek();
    if (t.kind !== "punct" || !"=!<>".includes(t.text)) return undefined;
    this.ts.next();
    if (t.text === "=") return "=";
    if (t.text === "!") {
      this.ts.expectPunct("=");
      return "!=";
    }
    const eq = this.ts.acceptPunct("=");
    return (t.text + (eq ? "=" : "")) as PortOp;
  }

  private portItem(): PortSpec {
    const op = this.unaryop();
    const a = this.portrange();
    if (op !== undefined) {
      if (a.range) this.ts.fail("':' cannot be used with an other port operator");
      return { op, a: a.a, b: a.b };
    }
    const t = this.ts.peek();
    if (t.kind === "portbinary") {
      this.ts.next();
      const b = this.portrange();
      if (a.range || b.range) this.ts.fail("':' cannot be used with an other port operator");
      return { op: t.text as PortOp, a: a.a, b: b.a };
    }
    return a.range ? { op: ":", a: a.a, b: a.b } : { op: "=", a: a.a, b: a.b };
  }

  /** numberstring as a port or `a:b` range (parseport with PPORT_RANGE). */
  portrange(star = false): { a: number; b: number; range: boolean; star?: boolean } {
    const text = this.numberstring();
    const colon = text.indexOf(":");
    if (colon < 0) return { a: this.service(text), b: 0, range: false };
    const left = text.slice(0, colon);
    const right = text.slice(colon + 1);
    if (star && right === "*") return { a: this.service(left), b: 0, range: false, star: true };
    const a = this.service(left);
    const b = this.service(right);
    return a === b ? { a, b: 0, range: false } : { a, b, range: true };
  }

  numberstring(): string {
    const t = this.ts.peek();
    if (t.kind === "number" || t.kind === "string") {
      this.ts.next();
      return t.text;
    }
    throw new SyntaxFail(t);
  }

  /** getservice(): a number (base 0, at most 65535) or a service name. */
  private service(n: string): number {
    const num = atoul(n);
    if (num !== undefined) {
      if (num > 65535) this.ts.fail(`illegal port value ${String(num)}`);
      return num;
    }
    const s = serviceByName(n);
    if (s === undefined) this.ts.fail(`unknown port ${n}`);
    return s;
  }

  /** uids / gids: `user 1000`, `user { joe, > 1000 }`, `user unknown`. */
  ugids(kind: "user" | "group"): UgidSpec[] {
    return this.list(() => this.ugidItem(kind));
  }

  private ugidItem(kind: "user" | "group"): UgidSpec {
    const op = this.unaryop();
    const a = this.ugid(kind);
    if (op !== undefined) {
      if (a === UID_MAX && op !== "=" && op !== "!=") this.ts.fail(`${kind} unknown requires operator = or !=`);
      return { op, a, b: a };
    }
    const t = this.ts.peek();
    if (t.kind === "portbinary") {
      this.ts.next();
      const b = this.ugid(kind);
      if (a === UID_MAX || b === UID_MAX) this.ts.fail(`${kind} unknown requires operator = or !=`);
      return { op: t.text as PortOp, a, b };
    }
    return { op: "=", a, b: a };
  }

  private ugid(kind: "user" | "group"): number {
    const t = this.ts.peek();
    if (t.kind === "number") {
      this.ts.next();
      const n = Number(t.text);
      if (n < 0 || n >= UID_MAX) this.ts.fail(`illegal ${kind === "user" ? "uid" : "gid"} value ${t.text}`);
      return n;
    }
    const name = this.ts.expectString();
    if (name === "unknown") return UID_MAX;
    const known: Record<string, number> = kind === "user" ? { root: 0, daemon: 1, nobody: 4294967294 } : { wheel: 0, daemon: 1, staff: 20, nobody: 4294967294 };
    const id = known[name];
    if (id === undefined) this.ts.fail(`unknown ${kind} ${name}`);
    return id;
  }

  /** flags: `flags S/SA`, `flags /SA`, `flags any`; [b1, b2]. */
  flags(): [number, number] {
    if (this.ts.acceptKw("any")) return [0, 0];
    const a = this.ts.isPunct("/") ? 0 : this.flag();
    this.ts.expectPunct("/");
    return [a, this.flag()];
  }

  private flag(): number {
    const s = this.ts.expectString();
    const f = parseFlags(s);
    if (f < 0) this.ts.fail(`bad flags ${s}`);
    return f;
  }

  /** icmpspec after icmp-type / icmp6-type. */
  icmpspec(af: 4 | 6): IcmpNode[] {
    return this.list(() => this.icmpItem(af));
  }

  private icmpItem(af: 4 | 6): IcmpNode {
    const word = af === 4 ? "icmp" : "icmp6";
    const t = this.ts.peek();
    let type: number;
    if (t.kind === "number") {
      this.ts.next();
      type = Number(t.text);
      if (type < 0 || type > 255) this.ts.fail(`illegal ${word}-type ${t.text}`);
    } else {
      const name = this.ts.expectString();
      const n = icmpTypeByName(name, af);
      if (n === undefined) this.ts.fail(`unknown ${word}-type ${name}`);
      type = n;
    }
    let code = 0;
    if (this.ts.acceptKw("code")) {
      const c = this.ts.peek();
      if (c.kind === "number") {
        this.ts.next();
        const n = Number(c.text);
        if (n < 0 || n > 255) this.ts.fail(`illegal icmp-code ${c.text}`);
        code = n + 1;
      } else {
        const name = this.ts.expectString();
        const n = icmpCodeByName(type, name, af);
        if (n === undefined) this.ts.fail(`unknown ${word}-code ${name}`);
        code = n + 1;
      }
    }
    return { type: type + 1, code, proto: af === 4 ? 1 : 58 };
  }
}

/** parse_flags(): letters of "FSRPAUEW"; -1 for another letter. */
export function parseFlags(s: string): number {
  let f = 0;
  for (const c of s) {
    const i = "FSRPAUEW".indexOf(c);
    if (i < 0) return -1;
    f |= 1 << i;
  }
  return f === 0 ? 0xff : f;
}

/** atoul(): strtoul base 0, the whole string. */
export function atoul(s: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return parseInt(s, 8);
  if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}

export { ActionFail, SyntaxFail };
