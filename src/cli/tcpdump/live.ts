// A live capture (tcpdump -i DEV) on the world's network: a tap on the device sees every
// frame it sends and receives; each one the filter passes is printed (or written with
// -w) when it crosses. The capture ends after -c packets, or when killed (SIGINT/SIGTERM:
// an extra newline unless writing, then the statistics; tcpdump.c main and cleanup).
import {
  emitPcapHeader, emitPcapRecord, printRecord, DEFAULT_SNAPLEN, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2,
  type PcapRecord, type TcpdumpPrinter,
} from "../../wire/index.ts";
import type { Net } from "../../world/net.ts";
import { SIGINT, SIGTERM, type Capture } from "../../world/process.ts";
import type { ToolIO } from "../io.ts";
import { ToolProcess } from "../proc.ts";
import { writeCapture, type BinaryFiles } from "./files.ts";
import type { Filter } from "./filter.ts";
import { statsText } from "./messages.ts";
import { printAny, sll2Bytes } from "./any.ts";
import type { TcpdumpArgs } from "./options.ts";

export class CaptureProcess extends ToolProcess {
  private captured = 0;
  /** What passed the filter in the kernel, before libpcap's direction check (ps_recv). */
  private received = 0;
  private readonly records: Uint8Array[] = [];

  constructor(
    net: Net,
    pid: number,
    ns: string,
    private readonly a: TcpdumpArgs,
    private readonly filter: Filter,
    private readonly printer: TcpdumpPrinter,
    private readonly io: ToolIO,
    private readonly files: BinaryFiles,
  ) {
    super(net, pid, `tcpdump -i ${a.iface ?? "any"}`, ns);
    const linktype = a.iface === "any" ? LINKTYPE_LINUX_SLL2 : LINKTYPE_ETHERNET;
    if (a.write !== undefined) this.records.push(emitPcapHeader({ snaplen: DEFAULT_SNAPLEN, linktype }));
  }

  private get any(): boolean {
    return this.a.iface === "any";
  }

  onCapture(c: Capture): void {
    const data = this.any ? sll2Bytes(c) : c.bytes;
    if (this.done || !this.filter.matches({ data: c.bytes, length: c.bytes.length })) return;
    this.received++;
    if (!this.wanted(c)) return;
    this.captured++;
    const record: PcapRecord = { timeUs: c.at, length: data.length, data };
    if (this.a.write !== undefined) this.records.push(emitPcapRecord(record));
    if ((this.a.write === undefined || this.a.print) && !this.a.countOnly) {
      const number = this.a.number ? `${String(this.captured).padStart(5)}  ` : "";
      this.io.stdout(number + (this.any ? printAny(this.printer, c) : printRecord(this.printer, record)));
    }
    if (this.a.count !== undefined && this.captured >= this.a.count) this.stop(false);
  }

  /**
   * pcap-linux.c drops in user space, after the kernel counted them: lo's outgoing copies
   * (the packet comes back in), and under -Q the other direction.
   */
  private wanted(c: Capture): boolean {
    if (c.direction === "out" && c.dev === "lo") return false;
    return this.a.direction === undefined || this.a.direction === "inout" || this.a.direction === c.direction;
  }

  /** pcap_loop returns: -2 when interrupted (a newline first, unless writing), then info(1). */
  private stop(interrupted: boolean): void {
    if (this.done) return;
    if (interrupted && this.a.write === undefined) this.io.stdout("\n");
    if (this.a.countOnly) this.io.stdout(`${String(this.captured)} packet${this.captured === 1 ? "" : "s"}\n`);
    this.io.stderr(statsText(this.captured, this.received, 0));
    this.exit(this.writeFile());
  }

  private writeFile(): number {
    return this.a.write === undefined ? 0 : writeCapture(this.files, this.a.write, this.records, (t) => this.io.stderr(t));
  }

  /** SIGINT and SIGTERM stop the capture the way Ctrl-C does; SIGKILL just ends it. */
  override signal(sig: number): void {
    if (sig === SIGINT || sig === SIGTERM) this.stop(true);
    else super.signal(sig);
  }

  /** A foreground capture nothing will ever feed: as if the user pressed Ctrl-C. */
  stuck(): void {
    this.stop(true);
  }
}
