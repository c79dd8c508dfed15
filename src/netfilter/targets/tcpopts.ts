// TCP options as bytes laid out one after the other, the way TCPMSS and TCPOPTSTRIP walk
// them (xt_TCPMSS.c, xt_TCPOPTSTRIP.c optlen): where each option starts and how long it is.
import type { TcpOption } from "../../wire/packet.ts";

/** The bytes an option takes: one for EOL and NOP, else kind, length byte and data. */
export function optionSize(o: TcpOption): number {
  if (o.malformed) return 1 + o.data.length;
  return o.kind <= 1 ? 1 : 2 + o.data.length;
}

/** The TCP header length in bytes: 20 plus the options. */
export function tcpHeaderLength(options: readonly TcpOption[]): number {
  return options.reduce((n, o) => n + optionSize(o), 20);
}
