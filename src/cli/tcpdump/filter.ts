// tcpdump's filter expressions (pcap-filter(7)), parsed as libpcap's grammar.y does:
// "and" and "or" of equal precedence, left to right; "not" binding tighter; a bare value
// after "and"/"or" reusing the qualifiers before it ("host a or b", "port 22 or 80").
// The result is a predicate over captured Ethernet frames.
import { emitFrame, type EthernetFrame } from "../../wire/frame.ts";
import { FilterError } from "./filter-error.ts";
import { lex, type Token } from "./filter-lex.ts";
import {
  ALL_KINDS, broadcastPrim, headerBase, hidPrim, lengthPrim, load, loadDomain, macPrim,
  maskedPrim, multicastPrim, namePrim, numPrim, OutOfBounds, protoAbbrev, type Domain,
  type FrameView, type Prim, type Quals,
} from "./filter-prims.ts";

export { FilterError } from "./filter-error.ts";
export type { FrameView } from "./filter-prims.ts";

/** A compiled filter: whether a captured frame passes. */
export interface Filter {
  readonly source: string;
  matches(f: FrameView): boolean;
}

interface Parsed {
  readonly prim: Prim;
  /** The qualifiers a following bare value reuses; undefined when none may follow. */
  readonly quals: Quals | undefined;
}

type Arith = (f: FrameView) => number;

const PROTO_NAMES = new Set(["ether", "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "igrp", "pim", "vrrp", "carp", "ah", "esp"]);
const RELOPS = new Set([">", ">=", "=", "<=", "<", "!="]);
const ARITH_OPS = new Set(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"]);

function and(a: Prim, b: Prim): Prim {
  return { test: (f) => a.test(f) && b.test(f), domain: new Set([...a.domain].filter((k) => b.domain.has(k))) };
}

function or(a: Prim, b: Prim): Prim {
  return { test: (f) => a.test(f) || b.test(f), domain: new Set([...a.domain, ...b.domain]) };
}

function not(a: Prim): Prim {
  return { test: (f) => !a.test(f), domain: ALL_KINDS };
}

class Parser {
  private i = 0;
  constructor(private readonly toks: readonly Token[]) {}

  private peek(k = 0): Token | undefined {
    return this.toks[this.i + k];
  }

  private is(t: Token | undefined, type: Token["t"], v?: string | number): boolean {
    return t !== undefined && t.t === type && (v === undefined || t.v === v);
  }

  private take(type: Token["t"], v?: string): Token {
    const t = this.peek();
    if (!this.is(t, type, v) || t === undefined) throw new FilterError("syntax error");
    this.i++;
    return t;
  }

  program(): Prim {
    if (this.toks.length === 0) return { test: () => true, domain: ALL_KINDS };
    const e = this.expr(undefined);
    if (this.i !== this.toks.length) throw new FilterError("syntax error");
    return e.prim;
  }

  private expr(outer: Quals | undefined): Parsed {
    let left = this.term(outer);
    while (this.is(this.peek(), "op", "and") || this.is(this.peek(), "op", "or")) {
      const op = this.take("op").v;
      const right = this.bareAhead() ? this.id(left.quals) : this.term(left.quals);
      left = { prim: op === "and" ? and(left.prim, right.prim) : or(left.prim, right.prim), quals: right.quals };
    }
    return left;
  }

  /** Whether what follows is a bare value (after any "not"s), not a new primitive. */
  private bareAhead(): boolean {
    let k = 0;
    while (this.is(this.peek(k), "kw", "!") || this.is(this.peek(k), "op", "(")) k++;
    const t = this.peek(k);
    if (t === undefined) return false;
    if (t.t === "hid" || t.t === "id" || t.t === "mac") return true;
    if (t.t !== "num") return false;
    const next = this.peek(k + 1);
    return next === undefined || this.is(next, "op", ")") || this.is(next, "op", "and") || this.is(next, "op", "or");
  }

  private term(outer: Quals | undefined): Parsed {
    if (this.is(this.peek(), "kw", "!")) {
      this.i++;
      const t = this.term(outer);
      return { prim: not(t.prim), quals: t.quals };
    }
    return this.rterm(outer);
  }

  private rterm(outer: Quals | undefined): Parsed {
    const t = this.peek();
    if (t === undefined) throw new FilterError("syntax error");
    if (this.is(t, "op", "(")) return this.parenOrRelation(outer);
    if (t.t === "num" || this.is(t, "kw", "len") || this.is(t, "op", "-")) return { prim: this.relation(), quals: undefined };
    if (t.t === "kw") return this.keywordTerm(t.v);
    throw new FilterError("syntax error");
  }

  private parenOrRelation(outer: Quals | undefined): Parsed {
    const start = this.i;
    try {
      return { prim: this.relation(), quals: undefined };
    } catch (e) {
      if (!(e instanceof FilterError) || e.message !== "syntax error") throw e;
      this.i = start;
    }
    this.take("op", "(");
    const inner = this.expr(outer);
    this.take("op", ")");
    return { prim: inner.prim, quals: outer };
  }

  private keywordTerm(kw: string): Parsed {
    if (kw === "less" || kw === "greater") {
      this.i++;
      return { prim: lengthPrim(kw, this.number()), quals: undefined };
    }
    if (kw === "broadcast" || kw === "multicast") {
      this.i++;
      return { prim: kw === "broadcast" ? broadcastPrim() : multicastPrim(), quals: undefined };
    }
    if (PROTO_NAMES.has(kw)) return this.protoLed(kw);
    const quals = this.head("");
    return this.id(quals);
  }

  /** A protocol name: alone, qualifying a primitive, a load in a relation, or broadcast. */
  private protoLed(proto: string): Parsed {
    const next = this.peek(1);
    if (this.is(next, "op", "[")) return { prim: this.relation(), quals: undefined };
    this.i++;
    if (this.is(next, "kw", "broadcast") || this.is(next, "kw", "multicast")) {
      this.i++;
      if (proto !== "ether") throw new FilterError(`only link-layer/IP broadcast filters supported`);
      return { prim: this.is(next, "kw", "broadcast") ? broadcastPrim() : multicastPrim(), quals: undefined };
    }
    if (next?.t === "kw" && ["src", "dst", "host", "net", "port", "portrange", "proto", "gateway"].includes(next.v)) {
      return this.id(this.head(proto));
    }
    if (proto === "ether") throw new FilterError("syntax error");
    return { prim: protoAbbrev(proto), quals: undefined };
  }

  /** pqual dqual aqual, any of the last two optional but not both. */
  private head(proto: string): Quals {
    const dir = this.dqual();
    const t = this.peek();
    const addrs = ["host", "net", "port", "portrange", "proto", "gateway"];
    if (t?.t === "kw" && addrs.includes(t.v)) {
      this.i++;
      if (t.v === "gateway") throw new FilterError("'gateway' requires a name");
      return { proto, dir, addr: t.v as Quals["addr"] };
    }
    if (dir === "") throw new FilterError("syntax error");
    return { proto, dir, addr: "" };
  }

  private dqual(): Quals["dir"] {
    const t = this.peek();
    if (!this.is(t, "kw", "src") && !this.is(t, "kw", "dst")) return "";
    this.i++;
    const first = t?.v === "src" ? "src" : "dst";
    const join = this.peek();
    const other = this.peek(1);
    if ((this.is(join, "op", "or") || this.is(join, "op", "and")) && this.is(other, "kw", first === "src" ? "dst" : "src")) {
      this.i += 2;
      return join?.v === "or" ? "src or dst" : "src and dst";
    }
    return first;
  }

  /** A value under qualifiers: a number, address, name, "not" value or parenthesised values. */
  private id(quals: Quals | undefined): Parsed {
    if (quals === undefined) throw new FilterError("syntax error");
    const t = this.peek();
    if (this.is(t, "kw", "!")) {
      this.i++;
      return { prim: not(this.id(quals).prim), quals };
    }
    if (this.is(t, "op", "(")) {
      this.i++;
      let left = this.id(quals);
      while (this.is(this.peek(), "op", "and") || this.is(this.peek(), "op", "or")) {
        const op = this.take("op").v;
        const right = this.id(quals);
        left = { prim: op === "and" ? and(left.prim, right.prim) : or(left.prim, right.prim), quals };
      }
      this.take("op", ")");
      return left;
    }
    return { prim: this.value(quals), quals };
  }

  private value(q: Quals): Prim {
    const t = this.peek();
    this.i++;
    if (t === undefined) throw new FilterError("syntax error");
    if (t.t === "num") return numPrim(q, t.v);
    if (t.t === "mac") return macPrim(q, t.v);
    if (t.t === "id") return namePrim(q, t.v);
    if (t.t !== "hid") throw new FilterError("syntax error");
    if (this.is(this.peek(), "op", "/")) {
      this.i++;
      const bits = this.number();
      return maskedPrim(q, `${t.v}/${String(bits)}`, t.v, bits);
    }
    if (this.is(this.peek(), "kw", "mask")) {
      this.i++;
      const m = this.take("hid").v as string;
      return maskedPrim(q, `${t.v} mask ${m}`, t.v, undefined, m);
    }
    return hidPrim(q, t.v);
  }

  private number(): number {
    let depth = 0;
    while (this.is(this.peek(), "op", "(")) {
      this.i++;
      depth++;
    }
    const n = this.take("num").v as number;
    for (; depth > 0; depth--) this.take("op", ")");
    return n;
  }

  /** arth relop arth. */
  private relation(): Prim {
    const left = this.arith(0);
    const op = this.peek();
    if (op === undefined || op.t !== "op" || !RELOPS.has(op.v)) throw new FilterError("syntax error");
    this.i++;
    const right = this.arith(0);
    const test = (f: FrameView) => {
      try {
        return compare(op.v, left.eval(f), right.eval(f));
      } catch (e) {
        if (e instanceof NotThisProtocol) return false;
        throw e;
      }
    };
    return { test, domain: intersect(left.domain, right.domain) };
  }

  /** Precedence climbing over grammar.y's levels: | & << >> + - * / %. */
  private arith(level: number): Operand {
    const levels = [["|"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%", "^"]];
    if (level >= levels.length) return this.unary();
    let left = this.arith(level + 1);
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.t !== "op" || !(levels[level] ?? []).includes(t.v) || !ARITH_OPS.has(t.v)) return left;
      this.i++;
      const right = this.arith(level + 1);
      left = binary(t.v, left, right);
    }
  }

  private unary(): Operand {
    const t = this.peek();
    if (this.is(t, "op", "-")) {
      this.i++;
      const a = this.unary();
      return { eval: (f) => (-a.eval(f)) >>> 0, domain: a.domain };
    }
    if (t?.t === "num") {
      this.i++;
      const v = t.v;
      return { eval: () => v, domain: ALL_KINDS, constant: v };
    }
    if (this.is(t, "kw", "len")) {
      this.i++;
      return { eval: (f) => f.length, domain: ALL_KINDS };
    }
    if (this.is(t, "op", "(")) {
      this.i++;
      const inner = this.arith(0);
      this.take("op", ")");
      return inner;
    }
    if (t?.t === "kw" && PROTO_NAMES.has(t.v)) return this.loadExpr(t.v);
    throw new FilterError("syntax error");
  }

  /** proto[offset] or proto[offset:size]: bytes relative to that protocol's header. */
  private loadExpr(proto: string): Operand {
    this.i++;
    this.take("op", "[");
    const offset = this.arith(0);
    let size = 1;
    if (this.is(this.peek(), "op", ":")) {
      this.i++;
      size = this.take("num").v as number;
      if (size !== 1 && size !== 2 && size !== 4) throw new FilterError("data size must be 1, 2, or 4");
    }
    this.take("op", "]");
    const domain = intersect(loadDomain(proto), offset.domain);
    return {
      eval: (f) => {
        const base = headerBase(proto, f);
        if (base === undefined) throw new NotThisProtocol();
        return load(f, base + offset.eval(f), size);
      },
      domain,
    };
  }
}

/** A load from a protocol header the frame does not carry: that relation is false (gencode.c). */
class NotThisProtocol extends Error {}

function intersect(a: Domain, b: Domain): Domain {
  return new Set([...a].filter((k) => b.has(k)));
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case ">": return a > b;
    case ">=": return a >= b;
    case "=": return a === b;
    case "<=": return a <= b;
    case "<": return a < b;
    default: return a !== b;
  }
}

type Operand = { eval: Arith; domain: Domain; constant?: number };

function binary(op: string, a: Operand, b: Operand): Operand {
  if ((op === "/" || op === "%") && b.constant === 0) throw new FilterError(op === "/" ? "division by zero" : "modulus by zero");
  const f = (x: number, y: number): number => {
    switch (op) {
      case "+": return x + y;
      case "-": return x - y;
      case "*": return Math.imul(x, y);
      case "/": if (y === 0) throw new OutOfBounds(); return Math.floor(x / y);
      case "%": if (y === 0) throw new OutOfBounds(); return x % y;
      case "&": return x & y;
      case "|": return x | y;
      case "^": return x ^ y;
      case "<<": return y > 31 ? 0 : x << y;
      default: return y > 31 ? 0 : x >>> y;
    }
  };
  const constant = a.constant !== undefined && b.constant !== undefined ? f(a.constant, b.constant) >>> 0 : undefined;
  const result: Operand = { eval: (fr) => f(a.eval(fr), b.eval(fr)) >>> 0, domain: intersect(a.domain, b.domain) };
  return constant === undefined ? result : { ...result, constant };
}

/** Compiles a filter, throwing FilterError with libpcap's wording when it is refused. */
export function compileFilter(source: string): Filter {
  const prim = new Parser(lex(source)).program();
  if (source.trim() !== "" && prim.domain.size === 0) throw new FilterError("expression rejects all packets");
  return {
    source,
    matches(f: FrameView): boolean {
      try {
        return prim.test(f);
      } catch (e) {
        if (e instanceof OutOfBounds) return false;
        throw e;
      }
    },
  };
}

/** The filter applied to a parsed frame (its bytes as emitted, its length as theirs). */
export function matchesFrame(filter: Filter, frame: EthernetFrame): boolean {
  const data = emitFrame(frame);
  return filter.matches({ data, length: data.length });
}
