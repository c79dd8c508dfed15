// What conntrack-tools 1.4.7 prints around its results (src/conntrack.c: exit_error,
// exit_msg, usage).

export const PROG = "conntrack v1.4.7 (conntrack-tools): ";
export const VERSION_TEXT = "conntrack v1.4.7 (conntrack-tools)\n";

/** enum exittype of conntrack.h: a bad command line is 2 and says how to get help. */
export const OTHER_PROBLEM = 1;
export const PARAMETER_PROBLEM = 2;

/** exit_error's failure: its message, and the status it exits with. */
export class CtError extends Error {
  constructor(
    message: string,
    readonly status: number = PARAMETER_PROBLEM,
  ) {
    super(message);
  }
}

/** exit_error's text on stderr (exit_tryhelp's hint for parameter problems). */
export function errorText(e: CtError): string {
  const hint = e.status === PARAMETER_PROBLEM ? "Try `conntrack -h' or 'conntrack --help' for more information.\n" : "";
  return `${PROG}${e.message}\n${hint}`;
}

export const USAGE_TEXT = `Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

`;
