// conntrack -E expect: a process that prints the expectation events of its namespace's
// table (event_exp_cb of conntrack-tools src/conntrack.c) until SIGINT or SIGTERM, when
// exp_event_sighandler closes the XML document, says how many it showed and exits 0.
// Captured from the real tool in tests/golden/net/cases/conntrack-expect.sh.
import { listenExpEvents, type ExpEvent } from "../../conntrack/events.ts";
import { formatExpect } from "../../conntrack/expect-format.ts";
import { collectExpired, type CtTable } from "../../conntrack/index.ts";
import type { CtExpect } from "../../conntrack/table.ts";
import type { Net } from "../../world/net.ts";
import type { ToolIO } from "../io.ts";
import { ListenerProcess } from "./events.ts";
import type { CtArgs } from "./options.ts";
import { EXPECT_XML_FOOTER, EXPECT_XML_HEADER, xmlExpect } from "./xml.ts";

/** -o timestamp on expectation events: event_exp_cb's "[%-8ld.%-6ld]\t", left-justified (not zero-padded as event_cb's). */
export function expTimestampPrefix(us: number): string {
  const sec = Math.floor(us / 1e6);
  return `[${String(sec).padEnd(8)}.${String(Math.floor(us - sec * 1e6)).padEnd(6)}]\t`;
}

export class ExpEventProcess extends ListenerProcess {
  constructor(net: Net, pid: number, ns: string, table: CtTable, a: CtArgs, io: ToolIO) {
    super(net, pid, "conntrack -E expect", ns, a, io, { xmlFooter: EXPECT_XML_FOOTER, noun: "expectation" });
    this.unlisten = listenExpEvents(table, (ev) => {
      if (ev.type === "NEW") this.watchExpiry(table, ev.expect);
      this.onEvent(ev);
    });
  }

  /** The kernel's expectation timer fires at its time; nfsim's table unlinks it when met, so it is met then. */
  private watchExpiry(table: CtTable, x: CtExpect): void {
    this.net.timer(this.pid, x.timeout * 1000, () => {
      if (table.expects.includes(x)) collectExpired(table, this.net.now() / 1000);
    });
  }

  private onEvent(ev: ExpEvent): void {
    if (this.done) return;
    const now = this.net.now() / 1000;
    const xml = this.a.output.has("xml");
    if (xml) {
      if (this.shown === 0) this.io.stdout(EXPECT_XML_HEADER);
      this.io.stdout(`${xmlExpect(ev.expect, ev.master, now, ev.type === "NEW" ? "new" : "destroy")}\n`);
    } else {
      const stamp = this.a.output.has("timestamp") ? expTimestampPrefix(this.epochUs + this.net.now()) : "";
      this.io.stdout(`${stamp}${`[${ev.type}]`.padStart(9)} ${formatExpect(ev.expect, { orig: ev.master }, now)}\n`);
    }
    this.shown++;
  }
}
