// tcpdump -i pflog0 on a Mac: bpf on the pflog interface (xnu if_pflog.c) gets a pfloghdr
// and the packet for each packet a `log` rule decided; tcpdump prints the packet, after
// print-pflog.c's "rule 0/0(match): block in on en0: " with -e. -w writes LINKTYPE_PFLOG
// records with the header as xnu fills it (struct pfloghdr of net/if_pflog.h, 64 bytes).
import { pflogHeaderText, type PflogRecord, type PfState } from "../../pf/index.ts";
import { pflogListen } from "../../stack/pflog-tap.ts";
import { emitIpv4Packet } from "../../wire/ip.ts";
import { printIpv4 } from "../../wire/ip-print.ts";
import { formatTimestamp, type TcpdumpPrinter } from "../../wire/index.ts";
import type { Net } from "../../world/net.ts";
import type { ToolIO } from "../io.ts";
import type { BinaryFiles } from "./files.ts";
import type { Filter } from "./filter.ts";
import { LiveCapture } from "./live.ts";
import type { TcpdumpArgs } from "./options.ts";

export const LINKTYPE_PFLOG = 117;
/** PFLOG_REAL_HDRLEN and PFLOG_HDRLEN (BPF_WORDALIGN of it). */
const REAL_HDRLEN = 61;
const HDRLEN = 64;
/** PF_* action numbers of pfvar.h, by pf_actions' word. */
const ACTION_NUMBERS: Readonly<Record<string, number>> = {
  pass: 0, block: 1, scrub: 2, noscrub: 3, nat: 4, nonat: 5, binat: 6, nobinat: 7, rdr: 8, nordr: 9,
};

function putName(b: Uint8Array, at: number, name: string): void {
  for (let i = 0; i < Math.min(name.length, 15); i++) b[at + i] = name.charCodeAt(i) & 0xff;
}

/** pflog_packet's header: rule numbers big-endian; uid UID_MAX, pid NO_PID and the rule's creator host-order (little-endian). */
export function pflogHeaderBytes(r: PflogRecord): Uint8Array {
  const b = new Uint8Array(HDRLEN);
  const v = new DataView(b.buffer);
  b[0] = REAL_HDRLEN;
  b[1] = 2; // AF_INET
  b[2] = ACTION_NUMBERS[r.action] ?? 0;
  b[3] = r.reason;
  putName(b, 4, r.ifname);
  putName(b, 20, r.ruleset);
  v.setUint32(36, r.rulenr >>> 0);
  v.setUint32(40, r.subrulenr >>> 0);
  v.setUint32(44, 0xffffffff, true);
  v.setInt32(48, 100000, true);
  b[60] = r.dir === "in" ? 1 : 2;
  return b;
}

/** The packet as an Ethernet frame's bytes, for the capture filter (which reads Ethernet offsets). */
function filterBytes(ip: Uint8Array): Uint8Array {
  const b = new Uint8Array(14 + ip.length);
  b[12] = 0x08;
  b.set(ip, 14);
  return b;
}

/** tcpdump -i pflog0: the records pf logs, each a pfloghdr and the packet. */
export class PflogCapture extends LiveCapture {
  private detach: (() => void) | undefined;

  constructor(net: Net, pid: number, ns: string, a: TcpdumpArgs, filter: Filter, printer: TcpdumpPrinter, io: ToolIO, files: BinaryFiles) {
    super(net, pid, "tcpdump -i pflog0", ns, a, filter, printer, io, files, LINKTYPE_PFLOG);
  }

  attach(pf: PfState): void {
    this.detach = pflogListen(pf, (r) => this.onRecord(r));
  }

  protected override release(): void {
    this.detach?.();
  }

  private onRecord(r: PflogRecord): void {
    const ip = emitIpv4Packet(r.packet);
    if (this.done || !this.filter.matches({ data: filterBytes(ip), length: ip.length + 14 })) return;
    this.received++;
    const now = this.net.now();
    const data = new Uint8Array(HDRLEN + ip.length);
    data.set(pflogHeaderBytes(r));
    data.set(ip, HDRLEN);
    this.take({ timeUs: now, length: data.length, data }, () => {
      const stamp = formatTimestamp(this.printer.time, this.printer.opts.timestamps, now);
      const head = this.printer.opts.link ? pflogHeaderText(r) : "";
      return `${stamp}${head}${printIpv4(this.printer.printer, r.packet, ip.length)}\n`;
    });
  }
}
