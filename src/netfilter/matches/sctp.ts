// -m sctp (libxt_sctp.c, the old getopt parser; kernel net/netfilter/xt_sctp.c sctp_mt):
// ports, and which chunk types are present (any / all / only), optionally with chunk flags.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { parseSctpHeader, sctpChunks, type SctpChunkHeader } from "../../wire/sctp.ts";
import { inRange, parsePortRange, printPortRange, type PortRange } from "./ports.ts";

type MatchType = "any" | "all" | "only";

/**
 * Flags to test on one chunk type. `chunk` is the chunk's row in the name table, not its
 * type: libxt_sctp.c stores the row index, and the kernel compares it with the type, so
 * flags only work for the types whose row and number agree (DATA to SHUTDOWN_COMPLETE).
 */
interface FlagInfo {
  chunk: number;
  flag: number;
  mask: number;
}

interface SctpData {
  spts?: PortRange;
  dpts?: PortRange;
  invSpts: boolean;
  invDpts: boolean;
  chunkTypes?: { type: MatchType; chunks: number[] | "all"; flags: FlagInfo[]; invert: boolean };
}

/** sctp_chunk_names: name, type, and the flag letters from bit 7 down to bit 0. */
const CHUNKS: readonly (readonly [string, number, string])[] = [
  ["DATA", 0, "----IUBE"], ["INIT", 1, "--------"], ["INIT_ACK", 2, "--------"], ["SACK", 3, "--------"],
  ["HEARTBEAT", 4, "--------"], ["HEARTBEAT_ACK", 5, "--------"], ["ABORT", 6, "-------T"], ["SHUTDOWN", 7, "--------"],
  ["SHUTDOWN_ACK", 8, "--------"], ["ERROR", 9, "--------"], ["COOKIE_ECHO", 10, "--------"], ["COOKIE_ACK", 11, "--------"],
  ["ECN_ECNE", 12, "--------"], ["ECN_CWR", 13, "--------"], ["SHUTDOWN_COMPLETE", 14, "-------T"], ["I_DATA", 64, "----IUBE"],
  ["RE_CONFIG", 130, "--------"], ["PAD", 132, "--------"], ["ASCONF", 193, "--------"], ["ASCONF_ACK", 128, "--------"],
  ["FORWARD_TSN", 192, "--------"], ["I_FORWARD_TSN", 194, "--------"],
];

/** XT_NUM_SCTP_FLAGS. */
const MAX_FLAG_INFO = 4;

/** save_chunk_flag_info: one entry per chunk row, at most four. */
function addFlag(flags: FlagInfo[], chunk: number, bit: number, set: boolean): FlagInfo[] {
  const old = flags.find((f) => f.chunk === chunk);
  if (old === undefined && flags.length === MAX_FLAG_INFO) {
    throw parameterProblem(
      "Number of chunk types with flags exceeds currently allowed limit. Increasing this limit involves changing IPT_NUM_SCTP_FLAGS and recompiling both the kernel space and user space modules",
    );
  }
  const base = old ?? { chunk, flag: 0, mask: 0 };
  const next = { chunk, mask: base.mask | (1 << bit), flag: set ? base.flag | (1 << bit) : base.flag };
  return old === undefined ? [...flags, next] : flags.map((f) => (f === old ? next : f));
}

/** One "NAME[:flags]" item: its type, and its flag letters (upper case set, lower case clear). */
function parseChunk(item: string, flags: FlagInfo[]): { type: number; flags: FlagInfo[] } {
  const colon = item.indexOf(":");
  const name = colon < 0 ? item : item.slice(0, colon);
  const row = CHUNKS.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
  const entry = CHUNKS[row];
  if (entry === undefined) throw parameterProblem(`Unknown sctp chunk \`${name}'`);
  let out = flags;
  for (const letter of colon < 0 ? "" : item.slice(colon + 1)) {
    // strchr on the letter upper-cased: "-" finds the first dash of the row.
    const at = entry[2].indexOf(letter.toUpperCase());
    if (at < 0) throw parameterProblem(`Invalid flags for chunk type ${String(row)}`);
    out = addFlag(out, row, 7 - at, letter !== letter.toLowerCase());
  }
  return { type: entry[1], flags: out };
}

/** parse_sctp_chunk: ALL, NONE, or comma-separated items (strtok: empty items vanish). */
function parseChunks(text: string): { chunks: number[] | "all"; flags: FlagInfo[] } {
  if (text.toUpperCase() === "ALL") return { chunks: "all", flags: [] };
  if (text.toUpperCase() === "NONE") return { chunks: [], flags: [] };
  const types = new Set<number>();
  let flags: FlagInfo[] = [];
  for (const item of text.split(",").filter((s) => s !== "")) {
    const r = parseChunk(item, flags);
    types.add(r.type);
    flags = r.flags;
  }
  return { chunks: [...types].sort((a, b) => a - b), flags };
}

function parseMatchType(text: string): MatchType {
  const type = text.toLowerCase();
  if (type === "any" || type === "all" || type === "only") return type;
  throw parameterProblem('Match type has to be one of "ALL", "ANY" or "ONLY"');
}

/** print_chunk_flags: the row's letters for each tested bit, upper case when it must be set. */
function chunkFlags(type: number, flags: readonly FlagInfo[]): string {
  const f = flags.find((x) => x.chunk === type);
  const letters = CHUNKS[type]?.[2];
  if (f === undefined || f.mask === 0 || letters === undefined) return "";
  let out = ":";
  for (let bit = 7; bit >= 0; bit--) {
    if ((f.mask & (1 << bit)) === 0) continue;
    const letter = letters[7 - bit] ?? "";
    out += (f.flag & (1 << bit)) !== 0 ? letter : letter.toLowerCase();
  }
  return out;
}

/** print_chunks: the match type, then NONE, ALL, or the types in numeric order with their flags. */
function printChunks(c: NonNullable<SctpData["chunkTypes"]>, numeric: boolean): string {
  const head = ` ${c.type}`;
  if (c.chunks === "all") return `${head} ALL`;
  if (c.chunks.length === 0) return `${head} NONE`;
  const items = c.chunks.map((type) => {
    const name = numeric ? `0x${type.toString(16).toUpperCase().padStart(4, "0")}` : (CHUNKS.find(([, t]) => t === type)?.[0] ?? "");
    return name + chunkFlags(type, c.flags);
  });
  return `${head} ${items.join(",")}`;
}

function savePorts(option: string, r: PortRange | undefined, invert: boolean): string {
  if (r === undefined) return "";
  return `${invert ? " !" : ""} --${option} ${r.min === r.max ? String(r.min) : `${String(r.min)}:${String(r.max)}`}`;
}

/** match_flags: the first flag entry for this type decides; none means any flags do. */
function flagsMatch(flags: readonly FlagInfo[], chunk: SctpChunkHeader): boolean {
  const f = flags.find((x) => x.chunk === chunk.type);
  return f === undefined || (chunk.flags & f.mask) === f.flag;
}

/** match_packet: walk the chunks; ANY stops at the first hit, ONLY at the first miss, ALL ticks types off. */
function chunksMatch(c: NonNullable<SctpData["chunkTypes"]>, bytes: readonly number[]): boolean {
  const { chunks, complete } = sctpChunks(bytes);
  const inMap = (type: number) => c.chunks === "all" || c.chunks.includes(type);
  const left = new Set(c.chunks === "all" ? Array.from({ length: 256 }, (_, i) => i) : c.chunks);
  for (const chunk of chunks) {
    if (!inMap(chunk.type)) {
      if (c.type === "only") return false;
      continue;
    }
    const ok = flagsMatch(c.flags, chunk);
    if (c.type === "any" && ok) return true;
    if (c.type === "only" && !ok) return false;
    if (c.type === "all" && ok) left.delete(chunk.type);
  }
  // A chunk header cut short or of length 0: the kernel drops the packet (hotdrop), which
  // nfsim's evaluator does not model; the rule just does not match.
  if (!complete) return false;
  return c.type === "all" ? left.size === 0 : c.type === "only";
}

const onlyOne = (what: string) => parameterProblem(`Only one \`--${what}' allowed`);

export const sctp = defineMatch<SctpData>({
  name: "sctp",
  genericChecks: false,
  options: [
    { name: "source-port", id: "sport", arg: "required", invert: true },
    { name: "sport", arg: "required", invert: true },
    { name: "destination-port", id: "dport", arg: "required", invert: true },
    { name: "dport", arg: "required", invert: true },
    { name: "chunk-types", arg: "required", invert: true },
  ],
  init: () => ({ invSpts: false, invDpts: false }),
  parse({ option, arg = "", invert, data, seen, nextArg }) {
    if (option === "source-port" || option === "sport") {
      if (seen.has("sport")) throw onlyOne("source-port");
      return { ...data, spts: parsePortRange(arg, "sctp"), invSpts: invert };
    }
    if (option === "destination-port" || option === "dport") {
      if (seen.has("dport")) throw onlyOne("destination-port");
      return { ...data, dpts: parsePortRange(arg, "sctp"), invDpts: invert };
    }
    if (seen.has("chunk-types")) throw onlyOne("chunk-types");
    const list = nextArg();
    if (list === undefined || list.startsWith("-") || list.startsWith("!")) throw parameterProblem("--chunk-types requires two args");
    const type = parseMatchType(arg);
    return { ...data, chunkTypes: { type, ...parseChunks(list), invert } };
  },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.SCTP),
  save(d) {
    let out = savePorts("sport", d.spts, d.invSpts) + savePorts("dport", d.dpts, d.invDpts);
    if (d.chunkTypes) out += `${d.chunkTypes.invert ? " !" : ""} --chunk-types${printChunks(d.chunkTypes, false)}`;
    return out;
  },
  print(d, { numeric }) {
    let out = " sctp";
    if (d.spts) out += printPortRange("spt", d.spts, d.invSpts, "sctp", numeric);
    if (d.dpts) out += printPortRange("dpt", d.dpts, d.invDpts, "sctp", numeric);
    if (d.chunkTypes) out += `${d.chunkTypes.invert ? " !" : ""}${printChunks(d.chunkTypes, numeric)}`;
    return out;
  },
  match(d, { packet }) {
    // Fragments after the first never match; a header cut short: hotdrop in the kernel, no match here.
    if (packet.ip.fragOffset !== 0) return false;
    const h = parseSctpHeader(packet.payload);
    if (h === undefined) return false;
    if (d.spts && inRange(h.sport, d.spts) === d.invSpts) return false;
    if (d.dpts && inRange(h.dport, d.dpts) === d.invDpts) return false;
    return !d.chunkTypes || chunksMatch(d.chunkTypes, packet.payload) !== d.chunkTypes.invert;
  },
});
