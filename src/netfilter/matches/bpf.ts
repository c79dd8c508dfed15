// -m bpf, revision 1 (libxt_bpf.c bpf_*_v1; kernel net/netfilter/xt_bpf.c): a classic BPF
// program over the packet, given as "N,code jt jf k,...", or an eBPF program pinned in
// the bpf file system, which nfsim has none of (the parse fails as when the path is absent).
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { emitIpv4Packet } from "../../wire/ip.ts";
import { checkClassic, needsSkbMetadata, runClassic, type SockFilter } from "./cbpf.ts";

interface BpfData {
  readonly program: readonly SockFilter[];
}

/** XT_BPF_MAX_NUM_INSTR. */
const MAX_INSTR = 64;

/** sscanf's unsigned conversions: blanks, a sign, decimal digits, cut to `bits`. */
function scanUnsigned(text: string, bits: number): { value: number; rest: string } | undefined {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d+)/.exec(text);
  if (m === null) return undefined;
  let v = BigInt(m[2] ?? "0");
  if (m[1] === "-") v = -v;
  return { value: Number(BigInt.asUintN(bits, v)), rest: text.slice(m[0].length) };
}

/** One "%hu %hhu %hhu %u" instruction. */
function instruction(token: string): SockFilter | undefined {
  const code = scanUnsigned(token, 16);
  const jt = code && scanUnsigned(code.rest, 8);
  const jf = jt && scanUnsigned(jt.rest, 8);
  const k = jf && scanUnsigned(jf.rest, 32);
  if (!code || !jt || !jf || !k) return undefined;
  return { code: code.value, jt: jt.value, jf: jf.value, k: k.value };
}

/** bpf_parse_string: the count, then one instruction after each comma that something follows. */
function parseProgram(text: string): SockFilter[] {
  const head = scanUnsigned(text, 16);
  if (head === undefined || !head.rest.startsWith(",")) throw parameterProblem("bpf: error parsing program length");
  const len = head.value;
  if (len === 0) throw parameterProblem("bpf: illegal zero length program");
  if (len > MAX_INSTR) throw parameterProblem("bpf: number of instructions exceeds maximum");
  const program: SockFilter[] = [];
  let at = text.indexOf(",");
  while (at >= 0 && at + 1 < text.length) {
    if (program.length >= len) throw parameterProblem("bpf: real program length exceeds the encoded length parameter");
    const insn = instruction(text.slice(at + 1));
    if (insn === undefined) throw parameterProblem(`bpf: error at instr ${String(program.length)}`);
    program.push(insn);
    at = text.indexOf(",", at + 1);
  }
  if (program.length !== len) throw parameterProblem("bpf: parsed program length is less than the encoded length parameter");
  return program;
}

const code = (p: readonly SockFilter[]) => p.map((f) => `${String(f.code)} ${String(f.jt)} ${String(f.jf)} ${String(f.k)}`).join(",");

export const bpf = defineMatch<BpfData>({
  name: "bpf",
  options: [
    { name: "bytecode", arg: "required" },
    { name: "object-pinned", arg: "required" },
  ],
  init: () => ({ program: [] }),
  parse({ option, arg = "" }) {
    if (option === "object-pinned") throw parameterProblem("bpf: failed to get bpf object");
    return { program: parseProgram(arg) };
  },
  finalCheck(d, seen) {
    if (seen.has("bytecode") === seen.has("object-pinned")) throw parameterProblem("bpf: one of --bytecode or --pinned is required");
    return d;
  },
  // bpf_prog_create: the kernel's checks of a classic program.
  check: (d) => checkClassic(d.program),
  save: (d) => ` --bytecode "${String(d.program.length)},${code(d.program)}"`,
  // bpf_print_code ends with the tail character '\0', which printf("%c") writes out.
  print: (d) => `match bpf ${code(d.program)}\0`,
  unmodelled: (d) => (needsSkbMetadata(d.program) ? "nfsim does not give BPF programs the skb's metadata or link-layer header" : undefined),
  match(d, { packet }) {
    return runClassic(d.program, emitIpv4Packet({ ip: packet.ip, l4: packet.l4, payload: packet.payload })) !== 0;
  },
});
