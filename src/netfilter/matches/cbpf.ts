// Classic BPF as the kernel checks and runs it for -m bpf --bytecode (net/core/filter.c
// bpf_check_classic, check_load_and_stores; the interpreter's semantics): the program sees
// the packet from its IP header on; a load past the end, or a division by zero, ends it
// with 0. Ancillary loads (the skb's metadata) are not modelled.

export interface SockFilter {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** Instruction classes, sizes, modes and operations (include/uapi/linux/bpf_common.h, filter.h). */
const LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
const W = 0x00, H = 0x08, B = 0x10;
const IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;
const ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0;
const JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
const K = 0x00, X = 0x08, A = 0x10;
const TAX = 0x00, TXA = 0x80;
/** BPF_MEMWORDS. */
const MEMWORDS = 16;
/** SKF_AD_OFF and the ancillary offsets the kernel knows (SKF_AD_PROTOCOL .. SKF_AD_VLAN_TPID). */
const SKF_AD_OFF = 0xfffff000;
const SKF_NET_OFF = 0xfff00000;
const ANCILLARY = new Set([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60].map((n) => SKF_AD_OFF + n));

const ALU_OPS = [ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, LSH, RSH];
const CONDITIONAL = [JEQ, JGE, JGT, JSET].flatMap((op) => [JMP | op | K, JMP | op | X]);

/** chk_code_allowed: the opcodes classic BPF has. */
const ALLOWED = new Set([
  ...ALU_OPS.flatMap((op) => [ALU | op | K, ALU | op | X]), ALU | NEG,
  LD | W | ABS, LD | H | ABS, LD | B | ABS, LD | W | LEN, LD | W | IND, LD | H | IND, LD | B | IND, LD | IMM, LD | MEM,
  LDX | W | LEN, LDX | B | MSH, LDX | IMM, LDX | MEM, ST, STX, MISC | TAX, MISC | TXA, RET | K, RET | A,
  JMP | JA, ...CONDITIONAL,
]);

/** bpf_check_classic: returns an errno name, or undefined when the program is sound. */
export function checkClassic(prog: readonly SockFilter[]): string | undefined {
  const flen = prog.length;
  if (flen === 0 || flen > 4096) return "EINVAL";
  for (const [pc, f] of prog.entries()) {
    if (!ALLOWED.has(f.code)) return "EINVAL";
    const c = f.code;
    if ((c === (ALU | DIV | K) || c === (ALU | MOD | K)) && f.k === 0) return "EINVAL";
    if ((c === (ALU | LSH | K) || c === (ALU | RSH | K)) && f.k >= 32) return "EINVAL";
    if ((c === (LD | MEM) || c === (LDX | MEM) || c === ST || c === STX) && f.k >= MEMWORDS) return "EINVAL";
    if (c === (JMP | JA) && f.k >= flen - pc - 1) return "EINVAL";
    if (CONDITIONAL.includes(c) && (pc + f.jt + 1 >= flen || pc + f.jf + 1 >= flen)) return "EINVAL";
    if ((c === (LD | W | ABS) || c === (LD | H | ABS) || c === (LD | B | ABS)) && f.k >= SKF_AD_OFF && !ANCILLARY.has(f.k)) return "EINVAL";
  }
  const last = prog[flen - 1]?.code;
  if (last !== (RET | K) && last !== (RET | A)) return "EINVAL";
  return checkLoadsAndStores(prog);
}

/** check_load_and_stores: no scratch cell is read on a path that has not written it. */
function checkLoadsAndStores(prog: readonly SockFilter[]): string | undefined {
  const masks = prog.map(() => 0xffff);
  let valid = 0;
  for (const [pc, f] of prog.entries()) {
    valid &= masks[pc] ?? 0xffff;
    if (f.code === ST || f.code === STX) valid |= 1 << f.k;
    else if (f.code === (LD | MEM) || f.code === (LDX | MEM)) {
      if ((valid & (1 << f.k)) === 0) return "EINVAL";
    } else if (f.code === (JMP | JA)) {
      const t = pc + 1 + f.k;
      masks[t] = (masks[t] ?? 0xffff) & valid;
      valid = 0xffff;
    } else if (CONDITIONAL.includes(f.code)) {
      for (const t of [pc + 1 + f.jt, pc + 1 + f.jf]) masks[t] = (masks[t] ?? 0xffff) & valid;
      valid = 0xffff;
    }
  }
  return undefined;
}

/** Whether the program uses what the interpreter here cannot give it (skb metadata, the link layer). */
export function needsSkbMetadata(prog: readonly SockFilter[]): boolean {
  return prog.some((f) => (f.code & 0x07) === LD && ((f.code & 0xe0) === ABS || (f.code & 0xe0) === IND) && f.k >= SKF_NET_OFF);
}

/** A big-endian load of `size` bytes at `at`, or undefined past the end. */
function load(bytes: Uint8Array, at: number, size: number): number | undefined {
  if (at < 0 || at + size > bytes.length) return undefined;
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + (bytes[at + i] ?? 0);
  return v >>> 0;
}

function alu(op: number, a: number, v: number): number | undefined {
  switch (op) {
    case ADD: return (a + v) >>> 0;
    case SUB: return (a - v) >>> 0;
    case MUL: return Number((BigInt(a) * BigInt(v)) & 0xffffffffn);
    case DIV: return v === 0 ? undefined : Math.floor(a / v);
    case MOD: return v === 0 ? undefined : a % v;
    case AND: return (a & v) >>> 0;
    case OR: return (a | v) >>> 0;
    case XOR: return (a ^ v) >>> 0;
    case LSH: return (a << (v & 31)) >>> 0;
    case RSH: return a >>> (v & 31);
    default: return (-a) >>> 0;
  }
}

/** Runs a checked program over the packet; its return value (0: no match). */
export function runClassic(prog: readonly SockFilter[], bytes: Uint8Array): number {
  let a = 0;
  let x = 0;
  const mem = new Array<number>(MEMWORDS).fill(0);
  const SIZE: Readonly<Record<number, number>> = { [W]: 4, [H]: 2, [B]: 1 };
  for (let pc = 0; pc < prog.length; pc++) {
    const f = prog[pc];
    if (f === undefined) return 0;
    const cls = f.code & 0x07;
    const src = (f.code & 0x08) === X ? x : f.k;
    if (cls === LD || cls === LDX) {
      const mode = f.code & 0xe0;
      let v: number | undefined;
      if (mode === IMM) v = f.k;
      else if (mode === MEM) v = mem[f.k] ?? 0;
      else if (mode === LEN) v = bytes.length;
      else if (mode === MSH) v = ((load(bytes, f.k, 1) ?? -1) & 0x0f) * 4;
      else v = load(bytes, (mode === IND ? x + f.k : f.k) >>> 0, SIZE[f.code & 0x18] ?? 4);
      if (v === undefined || v < 0) return 0;
      if (cls === LD) a = v;
      else x = v;
    } else if (cls === ST || cls === STX) {
      mem[f.k] = cls === ST ? a : x;
    } else if (cls === ALU) {
      const r = alu(f.code & 0xf0, a, src >>> 0);
      if (r === undefined) return 0;
      a = r;
    } else if (cls === JMP) {
      const op = f.code & 0xf0;
      if (op === JA) pc += f.k;
      else {
        const v = src >>> 0;
        const taken = op === JEQ ? a === v : op === JGT ? a > v : op === JGE ? a >= v : (a & v) !== 0;
        pc += taken ? f.jt : f.jf;
      }
    } else if (cls === RET) {
      return ((f.code & 0x18) === A ? a : f.k) >>> 0;
    } else {
      if ((f.code & 0xf8) === TXA) a = x;
      else x = a;
    }
  }
  return 0;
}
