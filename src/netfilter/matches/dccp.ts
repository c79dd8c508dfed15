// -m dccp (libxt_dccp.c; kernel net/netfilter/xt_dccp.c dccp_mt): ports, the packet type,
// and whether an option (by number) is present.
import { parameterProblem } from "../errors.ts";
import { defineMatch } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";
import { PROTO, protoRefusal } from "../xtproto.ts";
import { DCCP_TYPES, dccpFixedLength, parseDccpHeader, type DccpHeader } from "../../wire/dccp.ts";
import { inRange, parsePortRangeX6, printPortRange, type PortRange } from "./ports.ts";

interface DccpData {
  spts?: PortRange;
  dpts?: PortRange;
  invSpts: boolean;
  invDpts: boolean;
  /** Bit i for type i; INVALID also sets the bits of the unnamed types 11-15. */
  types?: number;
  invTypes: boolean;
  option?: number;
  invOption: boolean;
}

const INVALID = 10;
const INVALID_OTHER_TYPES = 0xf800;

/** parse_dccp_types: comma-separated names, any case (strtok: empty items vanish). */
function parseTypes(text: string): number {
  let mask = 0;
  for (const item of text.split(",").filter((s) => s !== "")) {
    const type = DCCP_TYPES.findIndex((name) => name.toLowerCase() === item.toLowerCase());
    if (type < 0) throw parameterProblem(`Unknown DCCP type \`${item}'`);
    mask |= 1 << type;
  }
  return mask & (1 << INVALID) ? mask | INVALID_OTHER_TYPES : mask;
}

/** print_types: lowest bit first; by name it stops at INVALID, by number it goes on to 15. */
function printTypes(mask: number, numeric: boolean): string {
  const out: string[] = [];
  for (let type = 0; type < 16; type++) {
    if ((mask & (1 << type)) === 0) continue;
    out.push(numeric ? String(type) : (DCCP_TYPES[type] ?? ""));
    if (!numeric && type === INVALID) break;
  }
  return out.join(",");
}

function savePorts(option: string, r: PortRange | undefined, invert: boolean): string {
  if (r === undefined) return "";
  return `${invert ? " !" : ""} --${option} ${r.min === r.max ? String(r.min) : `${String(r.min)}:${String(r.max)}`}`;
}

/**
 * dccp_find_option: walk the options after the fixed header (single-byte options below 2,
 * else type and length); undefined when the header lies about its length (hotdrop).
 */
function hasOption(h: DccpHeader, bytes: readonly number[], option: number): boolean | undefined {
  const start = dccpFixedLength(h);
  const end = h.doff * 4;
  if (end < start) return undefined;
  if (end > bytes.length) return end === start ? false : undefined;
  for (let i = start; i < end; ) {
    const kind = bytes[i] ?? 0;
    if (kind === option) return true;
    i += kind < 2 ? 1 : bytes[i + 1] || 1;
  }
  return false;
}

/** The option test, or undefined for a packet the kernel drops. */
function optionMatch(d: DccpData, h: DccpHeader, bytes: readonly number[]): boolean | undefined {
  if (d.option === undefined) return true;
  const has = hasOption(h, bytes, d.option);
  return has === undefined ? undefined : has !== d.invOption;
}

export const dccp = defineMatch<DccpData>({
  name: "dccp",
  options: [
    { name: "source-port", id: "sport", arg: "required", invert: true },
    { name: "sport", id: "sport", arg: "required", invert: true },
    { name: "destination-port", id: "dport", arg: "required", invert: true },
    { name: "dport", id: "dport", arg: "required", invert: true },
    { name: "dccp-types", arg: "required", invert: true },
    { name: "dccp-option", arg: "required", invert: true },
  ],
  init: () => ({ invSpts: false, invDpts: false, invTypes: false, invOption: false }),
  parse({ option, arg = "", invert, data }) {
    switch (option) {
      case "source-port":
      case "sport":
        return { ...data, spts: parsePortRangeX6("dccp", "source-port", arg), invSpts: invert };
      case "destination-port":
      case "dport":
        return { ...data, dpts: parsePortRangeX6("dccp", "destination-port", arg), invDpts: invert };
      case "dccp-types":
        return { ...data, types: parseTypes(arg), invTypes: invert };
      default:
        return { ...data, option: parseIntX6("dccp", "dccp-option", arg, 1, 255), invOption: invert };
    }
  },
  check: (_d, _where, ip) => protoRefusal(ip, PROTO.DCCP),
  save(d) {
    let out = savePorts("sport", d.spts, d.invSpts) + savePorts("dport", d.dpts, d.invDpts);
    if (d.types !== undefined) out += `${d.invTypes ? " !" : ""} --dccp-types ${printTypes(d.types, false)}`;
    if (d.option !== undefined) out += `${d.invOption ? " !" : ""} --dccp-option ${String(d.option)}`;
    return out;
  },
  print(d, { numeric }) {
    let out = " dccp";
    if (d.spts) out += printPortRange("spt", d.spts, d.invSpts, "dccp", numeric);
    if (d.dpts) out += printPortRange("dpt", d.dpts, d.invDpts, "dccp", numeric);
    if (d.types !== undefined) out += `${d.invTypes ? " !" : ""} ${printTypes(d.types, numeric)}`;
    if (d.option !== undefined && (d.option !== 0 || d.invOption)) out += ` option=${d.invOption ? "!" : ""}${String(d.option)}`;
    return out;
  },
  match(d, { packet }) {
    // Fragments after the first never match; a header cut short: hotdrop in the kernel, no match here.
    if (packet.ip.fragOffset !== 0) return false;
    const h = parseDccpHeader(packet.payload);
    if (h === undefined) return false;
    if (d.spts && inRange(h.sport, d.spts) === d.invSpts) return false;
    if (d.dpts && inRange(h.dport, d.dpts) === d.invDpts) return false;
    if (d.types !== undefined && ((d.types & (1 << h.type)) !== 0) === d.invTypes) return false;
    return optionMatch(d, h, packet.payload) === true;
  },
});
