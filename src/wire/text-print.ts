// tcpdump's decoding of text protocols carried by TCP (print-tcp.c's port dispatch, with
// util-print.c's txtproto_print, print-http.c, print-ssh.c, print-smtp.c, print-ftp.c,
// print-whois.c): the protocol's name and its first line, or with -v every text line.

const HTTP_METHODS = new Set([
  "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL",
  "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY",
  "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE",
  "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
  "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL",
]);

const printable = (c: number) => c >= 0x20 && c < 0x7f;
const text = (b: readonly number[]) => String.fromCharCode(...b);

/** fetch_token: a token of printable ASCII and the index after its trailing blanks, or 0. */
function fetchToken(d: readonly number[], start: number): { token: string; next: number } | undefined {
  let i = start;
  const chars: number[] = [];
  for (; i < d.length; i++) {
    const c = d[i] ?? 0;
    if (c >= 0x80) return undefined;
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
    if (!printable(c) || chars.length + 2 > 128) return undefined;
    chars.push(c);
  }
  if (chars.length === 0) return undefined;
  for (; i < d.length; i++) {
    const c = d[i] ?? 0;
    if (c === 0x0d || c === 0x0a || !printable(c) || (c !== 0x20 && c !== 0x09)) break;
  }
  return { token: text(chars), next: i };
}

/** print_txt_line: one line and where the next starts (0 when the text stops here). */
function line(d: readonly number[], start: number, prefix: string): { out: string; next: number } {
  for (let i = start; i < d.length; i++) {
    const c = d[i] ?? 0;
    if (c === 0x0a) return { out: prefix + text(d.slice(start, i)), next: i + 1 };
    if (c === 0x0d) {
      if (i + 1 >= d.length || d[i + 1] !== 0x0a) return { out: "", next: 0 };
      return { out: prefix + text(d.slice(start, i)), next: i + 2 };
    }
    if (!printable(c) && c !== 0x09) return { out: "", next: 0 };
  }
  return { out: `${prefix}${text(d.slice(start))} [|${"txt"}]`, next: 0 };
}

/** Whether an HTTP payload starts with a request method or a three-digit status. */
function looksLikeHttp(d: readonly number[]): boolean {
  const first = fetchToken(d, 0);
  if (first === undefined) return false;
  if (HTTP_METHODS.has(first.token.toUpperCase())) return true;
  const second = fetchToken(d, first.next);
  return second !== undefined && /^\d{3}$/.test(second.token);
}

/** txtproto_print after the protocol name is chosen. */
function txtproto(name: string, d: readonly number[], verbose: boolean, show: boolean): string {
  const proto = name.toUpperCase();
  if (!show) return proto;
  if (!verbose) return proto + line(d, 0, ": ").out.replace(" [|txt]", ` [|${name}]`);
  let out = `${proto}, length: ${String(d.length)}`;
  for (let i = 0; i < d.length;) {
    const l = line(d, i, "\n\t");
    out += l.out.replace(" [|txt]", ` [|${name}]`);
    if (l.next === 0) break;
    i = l.next;
  }
  return out;
}

/** print-ssh.c: ": SSH: <version line>" when the payload opens with one. */
function ssh(d: readonly number[]): string {
  if (text(d.slice(0, 4)) !== "SSH-") return "";
  for (let i = 4; i < d.length; i++) {
    const c = d[i] ?? 0;
    if (c === 0x0a || (c === 0x0d && d[i + 1] === 0x0a)) return `: SSH: ${text(d.slice(0, i))}`;
    if (!printable(c)) return "";
  }
  return "";
}

/** Ports whose payload tcpdump hands to a decoder nfsim does not have: printed bare. */
const UNDECODED_BEFORE_HTTP = [23, 179, 1723, 6379, 139, 445, 10288, 6633, 6653];

/** What tcpdump appends after ", length N" for a TCP payload, by port. */
export function tcpPayloadText(sport: number, dport: number, d: readonly number[], verbose: boolean): string {
  const either = (...ports: number[]) => ports.includes(sport) || ports.includes(dport);
  if (either(23)) return "";
  if (either(25)) return `: ${txtproto("smtp", d, verbose, true)}`;
  if (either(43)) return `: ${txtproto("whois", d, verbose, true)}`;
  if (either(...UNDECODED_BEFORE_HTTP)) return "";
  if (either(22)) return ssh(d);
  if (either(21)) return `: ${txtproto("ftp", d, verbose, true)}`;
  if (either(80, 8080)) return `: ${txtproto("http", d, verbose, looksLikeHttp(d))}`;
  return "";
}
