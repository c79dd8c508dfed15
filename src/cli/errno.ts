// strerror(3) of glibc for the errnos the emulated network tools report.
const STRERROR: Readonly<Record<string, string>> = {
  EPERM: "Operation not permitted",
  EACCES: "Permission denied",
  EINVAL: "Invalid argument",
  ENODEV: "No such device",
  EMSGSIZE: "Message too long",
  ENOPROTOOPT: "Protocol not available",
  EOPNOTSUPP: "Operation not supported",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ENETDOWN: "Network is down",
  ENETUNREACH: "Network is unreachable",
  ECONNRESET: "Connection reset by peer",
  ETIMEDOUT: "Connection timed out",
  ECONNREFUSED: "Connection refused",
  EHOSTDOWN: "Host is down",
  EHOSTUNREACH: "No route to host",
  EINPROGRESS: "Operation now in progress",
  ENONET: "Machine is not on the network",
  EDESTADDRREQ: "Destination address required",
};

export function strerror(errno: string): string {
  return STRERROR[errno] ?? `Unknown error ${errno}`;
}
