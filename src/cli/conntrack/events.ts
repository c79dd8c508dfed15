// conntrack -E: a process that prints the events of its namespace's table as they happen
// (event_cb of conntrack-tools 1.4.7 src/conntrack.c) until SIGINT or SIGTERM, when
// event_sighandler says how many it showed and exits 0.
import { listenCtEvents, type CtEvent } from "../../conntrack/events.ts";
import { collectExpired, type CtEntry, type CtTable } from "../../conntrack/index.ts";
import { entryById } from "../../conntrack/table.ts";
import type { Net } from "../../world/net.ts";
import { SIGINT, SIGTERM } from "../../world/process.ts";
import type { ToolIO } from "../io.ts";
import { ToolProcess } from "../proc.ts";
import { userFilter } from "./filter.ts";
import { PROG } from "./messages.ts";
import { EVENT_DESTROY, EVENT_NEW, EVENT_UPDATE, type CtArgs } from "./options.ts";
import { eventLine, outputFlags, timestampPrefix } from "./print.ts";
import { XML_FOOTER, XML_HEADER } from "./xml.ts";

const TYPE_BITS: Readonly<Record<CtEvent["type"], number>> = { NEW: EVENT_NEW, UPDATE: EVENT_UPDATE, DESTROY: EVENT_DESTROY };

/**
 * What `-E` and `-E expect` share: the count of what they showed, and their end on SIGINT or
 * SIGTERM (event_sighandler, exp_event_sighandler): the XML document closed, the count
 * said on stderr, exit 0.
 */
export abstract class ListenerProcess extends ToolProcess {
  protected shown = 0;
  protected unlisten: () => void = () => undefined;
  /** Wall-clock microseconds at virtual time 0, for -o timestamp. */
  protected readonly epochUs: number;

  constructor(
    net: Net,
    pid: number,
    name: string,
    ns: string,
    protected readonly a: CtArgs,
    protected readonly io: ToolIO,
    /** The XML document's end, and what the closing count counts ("flow", "expectation"). */
    private readonly ending: { readonly xmlFooter: string; readonly noun: string },
  ) {
    super(net, pid, name, ns);
    this.epochUs = io.now.getTime() * 1000 - net.now();
  }

  private stop(): void {
    if (this.done) return;
    this.unlisten();
    if (this.shown > 0 && this.a.output.has("xml")) this.io.stdout(this.ending.xmlFooter);
    this.io.stderr(`${PROG}${String(this.shown)} ${this.ending.noun} events have been shown.\n`);
    this.exit(0);
  }

  override signal(sig: number): void {
    if (sig === SIGINT || sig === SIGTERM) this.stop();
    else {
      this.unlisten();
      super.signal(sig);
    }
  }

  /** In the foreground with nothing left to happen: as if the user pressed Ctrl-C. */
  stuck(): void {
    this.stop();
  }
}

export class EventProcess extends ListenerProcess {
  constructor(net: Net, pid: number, ns: string, table: CtTable, a: CtArgs, io: ToolIO) {
    super(net, pid, "conntrack -E", ns, a, io, { xmlFooter: XML_FOOTER, noun: "flow" });
    this.unlisten = listenCtEvents(table, (ev) => {
      if (ev.type !== "DESTROY") this.watchExpiry(table, ev.entry);
      this.onEvent(ev);
    });
  }

  /**
   * The kernel's gc worker finds an expired entry soon after its time and destroys it
   * (an IPCT_DESTROY event); nfsim's table drops expired entries only when it meets them,
   * so while someone listens each reported entry is looked at again when it expires.
   */
  private watchExpiry(table: CtTable, e: CtEntry): void {
    this.net.timer(this.pid, e.timeout * 1000, () => {
      if (entryById(table, e.id) !== e) return;
      if (e.timeout * 1000 > this.net.now()) this.watchExpiry(table, e);
      else collectExpired(table, this.net.now() / 1000);
    });
  }

  private wanted(ev: CtEvent): boolean {
    const mask = this.a.eventMask === 0 ? EVENT_NEW | EVENT_UPDATE | EVENT_DESTROY : this.a.eventMask;
    return (mask & TYPE_BITS[ev.type]) !== 0 && userFilter(this.a, ev.entry);
  }

  private onEvent(ev: CtEvent): void {
    if (this.done || !this.wanted(ev)) return;
    const stamp = this.a.output.has("timestamp") ? timestampPrefix(this.epochUs + this.net.now()) : "";
    const out = outputFlags(this.a.output, this.epochUs / 1000);
    if (out.xml && this.shown === 0) this.io.stdout(XML_HEADER);
    // With XML, -o timestamp becomes a <when> of the local time in the flow.
    const when = out.xml && stamp !== "" ? new Date((this.epochUs + this.net.now()) / 1000) : undefined;
    this.io.stdout((out.xml ? "" : stamp) + eventLine(ev, this.net.now() / 1000, out, when));
    this.shown++;
  }
}
