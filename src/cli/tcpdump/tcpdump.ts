// The tcpdump frontend: reads a capture file (-r), filters, prints as tcpdump 4.99 does
// or writes the packets to another file (-w). A live capture (-i) reports its banner and
// statistics; the packets it would see come with the world's packet path.
import type { World } from "../../world/world.ts";
import type { Tool, ToolIO } from "../io.ts";
import {
  emitPcapHeader, emitPcapRecord, newTcpdumpPrinter, parsePcap, printRecord,
  LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, type PcapFile, type PcapRecord, type TcpdumpPrinter,
} from "../../wire/index.ts";
import { FileError, nodeFiles, type BinaryFiles } from "./files.ts";
import { compileFilter, FilterError, type Filter } from "./filter.ts";
import { filterErrorText } from "./filter-error.ts";
import { listeningText, readingText, USAGE_TEXT, VERSION_TEXT } from "./messages.ts";
import { CaptureProcess } from "./live.ts";
import { LINKTYPE_PFLOG, PflogCapture } from "./pflog.ts";
import type { PfState } from "../../pf/index.ts";
import { netOf, runTool } from "../proc.ts";
import { parseArgs, type TcpdumpArgs } from "./options.ts";

class Fatal extends Error {}

function fail(io: ToolIO, message: string): never {
  io.stderr(`tcpdump: ${message}\n`);
  throw new Fatal();
}

function printerFor(a: TcpdumpArgs): TcpdumpPrinter {
  return newTcpdumpPrinter({
    numeric: a.numeric > 0, verbose: a.verbose, link: a.link, quiet: a.quiet, absoluteSeq: a.absoluteSeq,
    timestamps: a.timestamps, hex: a.hex, hexAscii: a.hexAscii, ascii: a.ascii,
  });
}

/** libpcap's complaints about a file that is not a whole capture. */
function openCapture(io: ToolIO, files: BinaryFiles, path: string): { file: PcapFile; truncated?: string } {
  let bytes: Uint8Array;
  try {
    bytes = files.read(path);
  } catch (e) {
    if (e instanceof FileError) fail(io, `${path}: ${e.message}`);
    throw e;
  }
  if (bytes.length < 24 && bytes.length >= 4 && knownMagic(bytes)) {
    fail(io, `truncated dump file; tried to read 24 file header bytes, only got ${String(bytes.length - 4)}`);
  }
  if (bytes.length < 4) fail(io, `truncated dump file; tried to read 4 file header bytes, only got ${String(bytes.length)}`);
  const parsed = parsePcap(bytes);
  if (parsed.ok) return { file: parsed.file };
  if (parsed.error.kind !== "truncated-record") fail(io, "unknown file format");
  return { file: { header: headerOf(bytes), records: parsed.error.records }, truncated: truncation(bytes, parsed.error.records) };
}

function knownMagic(bytes: Uint8Array): boolean {
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  return [0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magic);
}

function headerOf(bytes: Uint8Array): PcapFile["header"] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = v.getUint32(0, true) === 0xa1b2c3d4 || v.getUint32(0, true) === 0xa1b23c4d;
  return { snaplen: v.getUint32(16, little), linktype: v.getUint32(20, little) };
}

/** pcap_loop's words for the record that is cut short. */
function truncation(bytes: Uint8Array, records: readonly PcapRecord[]): string {
  const at = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const left = bytes.length - at;
  if (left < 16) return `pcap_loop: truncated dump file; tried to read 16 header bytes, only got ${String(left)}`;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = v.getUint32(0, true) === 0xa1b2c3d4 || v.getUint32(0, true) === 0xa1b23c4d;
  const caplen = v.getUint32(at + 8, little);
  return `pcap_loop: truncated dump file; tried to read ${String(caplen)} captured bytes, only got ${String(left - 16)}`;
}

function compile(io: ToolIO, expression: string): Filter {
  try {
    return compileFilter(expression);
  } catch (e) {
    if (e instanceof FilterError) fail(io, filterErrorText(e));
    throw e;
  }
}

/** -r: print (or with -w copy) the records that pass the filter, up to -c of them. */
function readFile(a: TcpdumpArgs, path: string, io: ToolIO, files: BinaryFiles): number {
  const { file, truncated } = openCapture(io, files, path);
  io.stderr(readingText(path, file.header.linktype, file.header.snaplen));
  const filter = compile(io, a.expression);
  const out: Uint8Array[] = [];
  if (a.write !== undefined) out.push(emitPcapHeader(file.header));
  const printer = printerFor(a);
  const show = (a.write === undefined || a.print) && !a.countOnly;
  let seen = 0;
  for (const r of file.records) {
    if (a.count !== undefined && seen >= a.count) break;
    if (!filter.matches({ data: r.data, length: r.length })) continue;
    seen++;
    if (a.write !== undefined) out.push(emitPcapRecord(r, file.header.snaplen));
    if (show) io.stdout(`${a.number ? `${String(seen).padStart(5)}  ` : ""}${file.header.linktype === LINKTYPE_ETHERNET ? printRecord(printer, r) : "\n"}`);
  }
  if (a.write !== undefined) writeCapture(io, files, a.write, out);
  if (a.countOnly) io.stdout(`${String(seen)} packet${seen === 1 ? "" : "s"}\n`);
  if (truncated !== undefined && (a.count === undefined || seen < a.count)) fail(io, truncated);
  return 0;
}

function writeCapture(io: ToolIO, files: BinaryFiles, path: string, parts: readonly Uint8Array[]): void {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  try {
    files.write(path, bytes);
  } catch (e) {
    if (e instanceof FileError) fail(io, `${path}: ${e.message}`);
    throw e;
  }
}

/** The device tcpdump picks without -i: the first up non-loopback one, else "any". */
function defaultDevice(world: World, ns: string): string {
  const devices = world.namespaces[ns]?.devices ?? [];
  return devices.find((d) => d.up && d.kind !== "loopback")?.name ?? "any";
}

/** A live capture: the banner, then a process that prints what crosses the device (live.ts). */
function live(a: TcpdumpArgs, world: World, ns: string, io: ToolIO, files: BinaryFiles): number {
  const iface = a.iface ?? defaultDevice(world, ns);
  const pf = world.namespaces[ns]?.pf;
  if (iface === "pflog0" && pf !== undefined) return livePflog(a, pf, world, ns, io, files);
  const devices = world.namespaces[ns]?.devices ?? [];
  if (iface !== "any" && !devices.some((d) => d.name === iface)) {
    io.stderr(`tcpdump: ${iface}: No such device exists\n(No such device exists)\n`);
    return 1;
  }
  const filter = compile(io, a.expression);
  const linktype = iface === "any" ? (a.iface === undefined ? 113 : LINKTYPE_LINUX_SLL2) : LINKTYPE_ETHERNET;
  io.stderr(listeningText(iface, linktype, a.verbose > 0, a.write !== undefined));
  const net = netOf(world);
  net.settleNow();
  const p = new CaptureProcess(net, net.newPid(), ns, { ...a, iface }, filter, printerFor(a), io, files);
  net.spawn(p);
  if (iface === "any") net.tapAll(p.pid, ns);
  else net.tap(p.pid, ns, iface);
  return runTool(net, p, io);
}

/** A Mac's pflog0 (pflog.ts): the records pf logs, not frames of a device. */
function livePflog(a: TcpdumpArgs, pf: PfState, world: World, ns: string, io: ToolIO, files: BinaryFiles): number {
  const filter = compile(io, a.expression);
  io.stderr(listeningText("pflog0", LINKTYPE_PFLOG, a.verbose > 0, a.write !== undefined));
  const net = netOf(world);
  net.settleNow();
  const p = new PflogCapture(net, net.newPid(), ns, { ...a, iface: "pflog0" }, filter, printerFor(a), io, files);
  net.spawn(p);
  p.attach(pf);
  return runTool(net, p, io);
}

export function makeTcpdump(files: BinaryFiles): Tool {
  return (argv, world, ns, io) => {
    const parsed = parseArgs(argv);
    if (!parsed.ok) {
      io.stderr(`tcpdump: ${parsed.error}\n${parsed.usage ? USAGE_TEXT : ""}`);
      return 1;
    }
    const a = parsed.args;
    if (a.version) return (io.stdout(VERSION_TEXT), 0);
    if (a.help) return (io.stdout(USAGE_TEXT), 0);
    try {
      return a.read !== undefined ? readFile(a, a.read, io, files) : live(a, world, ns, io, files);
    } catch (e) {
      if (e instanceof Fatal) return 1;
      throw e;
    }
  };
}

export const tcpdump: Tool = makeTcpdump(nodeFiles);
