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

/**
 * What every live capture shares (tcpdump.c main and cleanup over libpcap): the packets it
 * took, counted, numbered (-#), printed or kept for -w, up to -c; and its end when -c is
 * reached or it is killed (SIGINT/SIGTERM: a newline unless writing, then the statistics).
 */
export abstract class LiveCapture extends ToolProcess {
  protected captured = 0;
  /** What passed the filter in the kernel, before libpcap's own checks (ps_recv). */
  protected received = 0;
  private readonly records: Uint8Array[] = [];

  constructor(
    net: Net,
    pid: number,
    name: string,
    ns: string,
    protected readonly a: TcpdumpArgs,
    protected readonly filter: Filter,
    protected readonly printer: TcpdumpPrinter,
    protected readonly io: ToolIO,
    private readonly files: BinaryFiles,
    linktype: number,
  ) {
    super(net, pid, name, ns);
    if (a.write !== undefined) this.records.push(emitPcapHeader({ snaplen: DEFAULT_SNAPLEN, linktype }));
  }

  /** One packet taken: its -w record, and its line (made only when it is printed). */
  protected take(record: PcapRecord, line: () => string): void {
    this.captured++;
    if (this.a.write !== undefined) this.records.push(emitPcapRecord(record));
    if ((this.a.write === undefined || this.a.print) && !this.a.countOnly) {
      const number = this.a.number ? `${String(this.captured).padStart(5)}  ` : "";
      this.io.stdout(number + line());
    }
    if (this.a.count !== undefined && this.captured >= this.a.count) this.stop(false);
  }

  /** The capture lets go of what feeds it (device taps go with the process; others say here). */
  protected release(): void {}

  /** pcap_loop returns: -2 when interrupted (a newline first, unless writing), then info(1). */
  private stop(interrupted: boolean): void {
    if (this.done) return;
    this.release();
    if (interrupted && this.a.write === undefined) this.io.stdout("\n");
    if (this.a.countOnly) this.io.stdout(`${String(this.captured)} packet${this.captured === 1 ? "" : "s"}\n`);
    this.io.stderr(statsText(this.captured, this.received, 0));
    this.exit(this.a.write === undefined ? 0 : writeCapture(this.files, this.a.write, this.records, (t) => this.io.stderr(t)));
  }

  /** SIGINT and SIGTERM stop the capture the way Ctrl-C does; SIGKILL just ends it. */
  override signal(sig: number): void {
    if (sig === SIGINT || sig === SIGTERM) this.stop(true);
    else {
      this.release();
      super.signal(sig);
    }
  }

  /** A foreground capture nothing will ever feed: as if the user pressed Ctrl-C. */
  stuck(): void {
    this.stop(true);
  }
}

/** tcpdump -i DEV (or any): the frames a device's tap sees. */
export class CaptureProcess extends LiveCapture {
  constructor(net: Net, pid: number, ns: string, a: TcpdumpArgs, filter: Filter, printer: TcpdumpPrinter, io: ToolIO, files: BinaryFiles) {
    super(net, pid, `tcpdump -i ${a.iface ?? "any"}`, ns, a, filter, printer, io, files, a.iface === "any" ? LINKTYPE_LINUX_SLL2 : LINKTYPE_ETHERNET);
  }

  private get any(): boolean {
    return this.a.iface === "any";
  }

  onCapture(c: Capture): void {
    const data = this.any ? sll2Bytes(c) : c.bytes;
    if (this.done || !this.filter.matches({ data: c.bytes, length: c.bytes.length })) return;
    this.received++;
    if (!this.wanted(c)) return;
    const record: PcapRecord = { timeUs: c.at, length: data.length, data };
    this.take(record, () => (this.any ? printAny(this.printer, c) : printRecord(this.printer, record)));
  }

  /**
   * pcap-linux.c drops in user space, after the kernel counted them: lo's outgoing copies
   * (the packet comes back in), and under -Q the other direction.
   */
  private wanted(c: Capture): boolean {
    if (c.direction === "out" && c.dev === "lo") return false;
    return this.a.direction === undefined || this.a.direction === "inout" || this.a.direction === c.direction;
  }
}
