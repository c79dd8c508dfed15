// conntrack's protocol extensions (conntrack-tools 1.4.7 extensions/libct_proto_*.c):
// the name -p takes, the options it adds, and the checks it makes once the command is
// known (final_check).
import { CtError } from "./messages.ts";
import type { CommandName } from "./options.ts";
import type { LongOption } from "./getopt.ts";

export interface ProtoHandler {
  readonly name: string;
  readonly num: number;
  /** Long option name → the name the filter knows it by. */
  readonly options: ReadonlyArray<readonly [string, string]>;
  finalCheck(command: CommandName, given: ReadonlyMap<string, number>, expect: boolean): void;
}

const PORTS: ReadonlyArray<readonly [string, string]> = [
  ["orig-port-src", "sport"], ["sport", "sport"], ["orig-port-dst", "dport"], ["dport", "dport"],
  ["reply-port-src", "reply-port-src"], ["reply-port-dst", "reply-port-dst"], ["mask-port-src", "mask-port-src"],
  ["mask-port-dst", "mask-port-dst"],
];
const TUPLE_PORTS: ReadonlyArray<readonly [string, string]> = [["tuple-port-src", "tuple-port-src"], ["tuple-port-dst", "tuple-port-dst"]];

/** The port options in their column order (tcp_optflags of libct_proto_tcp.c). */
const PORT_COLUMNS = ["sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src", "mask-port-dst", "state", "tuple-port-src", "tuple-port-dst"];

/** The rows of the expectation commands in tcp_commands_v_options (0 illegal, 1 compulsory); the others take none. */
const EXPECT_ROWS: Partial<Record<CommandName, string>> = { create: "111111011", delete: "111100000", get: "111100000" };

/** generic_opt_check over an expectation command's row: the first compulsory one missing, or an illegal one. */
function expectPortCheck(command: CommandName, given: ReadonlyMap<string, number>): void {
  const row = EXPECT_ROWS[command] ?? "000000000";
  PORT_COLUMNS.forEach((name, i) => {
    if (row[i] === "1" && !given.has(name)) throw new CtError(`You need to supply the \`--${name}' option for this command`);
    if (row[i] === "0" && given.has(name)) throw new CtError(`Illegal option \`--${name}' with this command`);
  });
}

/** The port options' commands_v_options for the conntrack table: masks and tuples are for expectations. */
function portCheck(command: CommandName, given: ReadonlyMap<string, number>, expect: boolean): void {
  if (expect) return expectPortCheck(command, given);
  for (const name of ["mask-port-src", "mask-port-dst", "tuple-port-src", "tuple-port-dst"]) {
    if (given.has(name)) throw new CtError(`Illegal option \`--${name}' with this command`);
  }
  if (command === "create" || command === "add" || command === "get") {
    if (given.has("sport") && given.has("dport")) return;
    if (given.has("reply-port-src") && given.has("reply-port-dst")) return;
    const replyOnly = !given.has("sport") && !given.has("dport") && (given.has("reply-port-src") || given.has("reply-port-dst"));
    throw new CtError(replyOnly ? "you have to specify `--reply-src-port' and `--reply-dst-port'" : "you have to specify `--sport' and `--dport'");
  }
}

function illegalEverywhere(command: CommandName, given: ReadonlyMap<string, number>, legal: ReadonlySet<CommandName>): void {
  const first = [...given.keys()][0];
  if (first !== undefined && !legal.has(command)) throw new CtError(`Illegal option \`--${first}' with this command`);
}

const FILTERING: ReadonlySet<CommandName> = new Set(["list", "create", "update", "delete", "get", "event", "add"]);

function ports(name: string, num: number, state: boolean): ProtoHandler {
  return {
    name,
    num,
    options: [...PORTS, ...(state ? [["state", "state"] as const] : []), ...TUPLE_PORTS],
    finalCheck(command, given, expect) {
      illegalEverywhere(command, given, FILTERING);
      portCheck(command, given, expect);
      if (!expect && state && (command === "create" || command === "add") && !given.has("state")) {
        throw new CtError("You need to supply the `--state' option for this command");
      }
    },
  };
}

const ICMP: ProtoHandler = {
  name: "icmp",
  num: 1,
  options: [["icmp-type", "icmp-type"], ["icmp-code", "icmp-code"], ["icmp-id", "icmp-id"]],
  finalCheck(command, given, expect) {
    illegalEverywhere(command, given, FILTERING);
    if (expect || command !== "get" && command !== "create" && command !== "add") return;
    for (const name of ["icmp-type", "icmp-code"]) {
      if (!given.has(name)) throw new CtError(`You need to supply the \`--${name}' option for this command`);
    }
  },
};

const NO_OPTIONS = (name: string, num: number): ProtoHandler => ({ name, num, options: [], finalCheck: () => undefined });

/** The handlers conntrack registers, in its order. */
const HANDLERS: readonly ProtoHandler[] = [
  ports("tcp", 6, true), ports("udp", 17, false), ports("udplite", 136, false), ports("sctp", 132, false),
  ports("dccp", 33, false), ICMP, NO_OPTIONS("icmpv6", 58), NO_OPTIONS("gre", 47),
];

/** /etc/protocols names (Debian netbase) getprotobyname knows besides those. */
const PROTOCOLS: Readonly<Record<string, number>> = {
  ip: 0, hopopt: 0, igmp: 2, ggp: 3, ipencap: 4, st: 5, egp: 8, igp: 9, pup: 12, hmp: 20, "xns-idp": 22, rdp: 27,
  "iso-tp4": 29, xtp: 36, ddp: 37, "idpr-cmtp": 38, ipv6: 41, "ipv6-route": 43, "ipv6-frag": 44, idrp: 45, rsvp: 46,
  esp: 50, ah: 51, skip: 57, "ipv6-icmp": 58, "ipv6-nonxt": 59, "ipv6-opts": 60, vmtp: 81, eigrp: 88, ospf: 89,
  "ax.25": 93, ipip: 94, etherip: 97, encap: 98, pim: 103, ipcomp: 108, vrrp: 112, l2tp: 115, isis: 124, fc: 133,
  "mobility-header": 135, "mpls-in-ip": 137, manet: 138, hip: 139, shim6: 140, wesp: 141, rohc: 142, ethernet: 143,
};

/** findproto: a handler by name (any case), a known protocol name or a number (unknown handler unless one has it). */
export function findProto(name: string): { num: number; handler: ProtoHandler } | undefined {
  const handler = HANDLERS.find((h) => h.name.toLowerCase() === name.toLowerCase());
  if (handler !== undefined) return { num: handler.num, handler };
  const byName = PROTOCOLS[name];
  if (byName !== undefined) return { num: byName, handler: NO_OPTIONS("unknown", byName) };
  if (!/^\d+$/.test(name) || Number(name) > 255) return undefined;
  const num = Number(name);
  return { num, handler: HANDLERS.find((h) => h.num === num) ?? NO_OPTIONS("unknown", num) };
}

/** merge_options: the handler's long options, known to the scanner from now on. */
export function protoOptions(h: ProtoHandler): LongOption[] {
  return h.options.map(([name, val]) => ({ name, has: 1, val }));
}
