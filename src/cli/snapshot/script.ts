// The shell script `nfsim snapshot` prints: run as root on a real Linux host, it writes one
// bundle (src/world/bundle.ts describes the format) to standard output with everything
// `nfsim import` needs. It only reads: save commands, `ip -j` dumps and /proc/sys files.
// POSIX sh, so that it runs under dash, bash and busybox alike.

/** Sysctl files gathered (globs under /proc/sys), as `key = value` lines like sysctl(8) prints. */
export const SYSCTL_GLOBS: readonly string[] = [
  "net/ipv4/ip_forward",
  "net/ipv4/ip_default_ttl",
  "net/ipv4/ip_local_port_range",
  "net/ipv4/ip_nonlocal_bind",
  ...["forwarding", "rp_filter", "route_localnet", "accept_local", "accept_redirects", "send_redirects", "src_valid_mark", "log_martians", "proxy_arp", "arp_filter", "arp_ignore", "arp_announce"].map((k) => `net/ipv4/conf/*/${k}`),
  "net/netfilter/nf_conntrack_*",
  "net/netfilter/nf_log_all_netns",
  "net/bridge/bridge-nf-call-iptables",
];

/** The sections, in the order they are gathered: name, command, and the tool that must exist. */
export const SECTIONS: readonly { name: string; command: string; optional?: string }[] = [
  { name: "iptables-save", command: "iptables-save -c" },
  { name: "iptables-legacy-save", command: "iptables-legacy-save -c", optional: "iptables-legacy-save" },
  { name: "ip-link", command: "ip -d -j link show" },
  { name: "ip-addr", command: "ip -j addr show" },
  { name: "ip-route", command: "ip -j route show table all" },
  { name: "ip-rule", command: "ip -j rule show" },
  { name: "ipset", command: "ipset save", optional: "ipset" },
  { name: "sysctl", command: "nfsim_sysctls" },
];

function sectionLine(s: (typeof SECTIONS)[number]): string {
  const run = `nfsim_section ${s.name} ${s.command}`;
  return s.optional !== undefined ? `if command -v ${s.optional} >/dev/null 2>&1; then ${run}; fi` : run;
}

export function snapshotScript(): string {
  return `#!/bin/sh
# nfsim snapshot: gathers this host's firewall and routing into one bundle for
# \`nfsim import\`. Run it as root and keep its standard output:
#   sh snapshot.sh > host.nfsim && nfsim import host.nfsim
# It changes nothing on the host. Bundle format: "#nfsim-snapshot 1", then per section
# "#nfsim-section NAME BYTES EXIT", the command's output (BYTES bytes), a newline and
# "#nfsim-end NAME".
set -u
LC_ALL=C
export LC_ALL
nfsim_tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$nfsim_tmp"' EXIT INT TERM

nfsim_sysctls() {
  for f in ${SYSCTL_GLOBS.map((g) => `/proc/sys/${g}`).join(" ")}; do
    [ -f "$f" ] || continue
    k=\${f#/proc/sys/}
    printf '%s = %s\\n' "$(printf '%s' "$k" | tr / .)" "$(cat "$f" 2>/dev/null)"
  done
}

nfsim_section() {
  name=$1
  shift
  "$@" >"$nfsim_tmp/out" 2>"$nfsim_tmp/err"
  rc=$?
  [ "$rc" -eq 0 ] || sed "s/^/nfsim snapshot: $name: /" "$nfsim_tmp/err" >&2
  printf '#nfsim-section %s %s %s\\n' "$name" "$(wc -c <"$nfsim_tmp/out" | tr -d ' ')" "$rc"
  cat "$nfsim_tmp/out"
  printf '\\n#nfsim-end %s\\n' "$name"
}

echo '#nfsim-snapshot 1'
${SECTIONS.map(sectionLine).join("\n")}
`;
}
