// What tcpdump 4.99.3 (Debian 12) prints about itself: version, usage, the capture
// banner and the closing statistics (tcpdump.c: print_version, print_usage, main, info).

export const VERSION_TEXT =
  "tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.19 27 Jan 2026\n";

export const USAGE_TEXT = `${VERSION_TEXT}Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]
`;

const LINKTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "EN10MB (Ethernet)"], [113, "LINUX_SLL (Linux cooked v1)"], [276, "LINUX_SLL2 (Linux cooked v2)"],
  [0, "NULL (BSD loopback)"], [101, "RAW (Raw IPv4/IPv6)"], [117, "PFLOG (OpenBSD pflog file)"],
]);

function linktypeText(linktype: number): string {
  const name = LINKTYPE_NAMES.get(linktype);
  return name === undefined ? `, link-type ${String(linktype)}` : `, link-type ${name}`;
}

/** The stderr line after opening a capture file. */
export function readingText(file: string, linktype: number, snaplen: number): string {
  const warn = linktype === 276 ? "Warning: interface names might be incorrect\n" : "";
  return `reading from file ${file}${linktypeText(linktype)}, snapshot length ${String(snaplen)}\n${warn}`;
}

/**
 * The stderr lines when a live capture starts: the -v hint unless verbose or writing a
 * file, and "data link type LINUX_SLL2" first for the "any" device.
 */
export function listeningText(iface: string, linktype: number, verbose: boolean, writing: boolean, snaplen = 262144): string {
  const dlt = linktype === 276 ? "tcpdump: data link type LINUX_SLL2\n" : "";
  const lead = !verbose && !writing ? "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" : "tcpdump: ";
  return `${dlt}${lead}listening on ${iface}${linktypeText(linktype)}, snapshot length ${String(snaplen)} bytes\n`;
}

function plural(n: number, what: string): string {
  return `${String(n)} packet${n === 1 ? "" : "s"} ${what}`;
}

/** The statistics a live capture prints to stderr when it stops (after "\n" on stdout). */
export function statsText(captured: number, received: number, dropped: number): string {
  return `${plural(captured, "captured")}\n${plural(received, "received by filter")}\n${plural(dropped, "dropped by kernel")}\n`;
}
