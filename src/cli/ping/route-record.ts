// ping -R (iputils 20221126 ping/ping.c): the record route option every probe carries
// (ping4_run's rspace: a NOP, then RR with nine empty slots) and pr_options, which prints
// the options of a reply: the route on its first reply and "(same route)" while it stays.
import { be32 } from "../../wire/bytes.ts";
import { IPOPT, IPOPT_MINOFF as MINOFF } from "../../wire/ip.ts";
import { formatIpv4 } from "../../wire/ipv4.ts";
/** NROUTES: the slots of ping's record route space. */
const NROUTES = 9;

/** rspace's size: a NOP, the option's three bytes and its slots (40, the most IPv4 allows). */
export const RR_SPACE = 1 + 3 + 4 * NROUTES;

/** The RR_SPACE option bytes ping asks for with IP_OPTIONS under -R. */
export function recordRouteOption(): number[] {
  const rr = [IPOPT.RR, 3 + 4 * NROUTES, MINOFF, ...new Array<number>(4 * NROUTES).fill(0)];
  return [IPOPT.NOOP, ...rr];
}

/** The 4 bytes at `at` as a dotted quad. */
function address(bytes: readonly number[], at: number): string {
  return formatIpv4(be32(bytes, at));
}

/** The addresses of a route, "\tADDR\n" each, `count` bytes of them from `at`. */
function routeLines(bytes: readonly number[], at: number, count: number): string {
  let out = "";
  for (let left = count, p = at; ; left -= 4, p += 4) {
    out += `\t${address(bytes, p)}\n`;
    if (left - 4 <= 0) break;
  }
  return out;
}

/** Prints reply options; it remembers the last route printed, as pr_options' statics do. */
export class OptionPrinter {
  private oldRr: readonly number[] = [];

  constructor(private readonly flood: boolean) {}

  /** pr_options over the option bytes of one reply. */
  print(options: readonly number[]): string {
    let out = "";
    for (let at = 0; at < options.length;) {
      const code = options[at] ?? IPOPT.END;
      if (code === IPOPT.END) break;
      if (code === IPOPT.NOOP) {
        out += "\nNOP";
        at++;
        continue;
      }
      const len = options[at + 1] ?? 0;
      if (len < 2 || len > options.length - at) break;
      out += this.option(options, at, code, len);
      at += len;
    }
    return out;
  }

  private option(o: readonly number[], at: number, code: number, len: number): string {
    if (code === IPOPT.RR) return this.recordRoute(o, at, len);
    if (code === IPOPT.LSRR || code === IPOPT.SSRR) {
      const ptr = o[at + 2] ?? 0;
      const head = `\n${code === IPOPT.SSRR ? "S" : "L"}SRR: `;
      return ptr > MINOFF ? head + routeLines(o, at + 3, ptr - MINOFF) : head;
    }
    // nfsim sends no timestamp option (-T is parsed only), so pr_options' TS branch is left out.
    return `\nunknown option ${code.toString(16)}`;
  }

  /** The route recorded so far: the bytes up to the pointer (compared from the pointer on, as pr_options does). */
  private recordRoute(o: readonly number[], at: number, len: number): string {
    const ptr = o[at + 2] ?? 0;
    const filled = Math.min(ptr, len) - MINOFF;
    if (filled <= 0) return "";
    const seen = o.slice(at + 2, at + 2 + filled);
    if (!this.flood && seen.length === this.oldRr.length && seen.every((b, i) => b === this.oldRr[i])) return "\t(same route)";
    this.oldRr = seen;
    return `\nRR: ${routeLines(o, at + 3, filled)}`;
  }
}
