// -m socket, revision 3 (libxt_socket.c socket_mt_*_v3; kernel net/netfilter/xt_socket.c):
// a local socket the packet would be delivered to. nfsim does not model socket lookup.
import { defineMatch } from "../extension.ts";

/** XT_SOCKET_* (include/uapi/linux/netfilter/xt_socket.h). */
const TRANSPARENT = 1;
const NOWILDCARD = 2;
const RESTORESKMARK = 4;

interface SocketData {
  readonly flags: number;
}

const FLAG: Readonly<Record<string, number>> = { transparent: TRANSPARENT, nowildcard: NOWILDCARD, "restore-skmark": RESTORESKMARK };

function dump(d: SocketData): string {
  return Object.entries(FLAG).filter(([, bit]) => (d.flags & bit) !== 0).map(([name]) => ` --${name}`).join("");
}

export const socket = defineMatch<SocketData>({
  name: "socket",
  options: [
    { name: "transparent", arg: "none" },
    { name: "nowildcard", arg: "none" },
    { name: "restore-skmark", arg: "none" },
  ],
  init: () => ({ flags: 0 }),
  parse: ({ option, data }) => ({ flags: data.flags | (FLAG[option] ?? 0) }),
  // xt_socket: the lookup is of incoming packets.
  allowed: { hooks: ["PREROUTING", "INPUT"] },
  save: dump,
  print: (d) => ` socket${dump(d)}`,
  unmodelled: () => "nfsim does not model the socket lookup of -m socket",
  match: () => false,
});
