// Kernel refusals as rtnetlink reports them: an errno, and sometimes an extended-ack
// message (netlink_ext_ack). Tools print the message when there is one, else strerror.

const STRERROR = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EEXIST: "File exists",
  ENODEV: "No such device",
  EINVAL: "Invalid argument",
  ERANGE: "Numerical result out of range",
  EBUSY: "Device or resource busy",
  EACCES: "Permission denied",
  ENETDOWN: "Network is down",
  ENETUNREACH: "Network is unreachable",
  EHOSTUNREACH: "No route to host",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EOPNOTSUPP: "Operation not supported",
  ELOOP: "Too many levels of symbolic links",
  EAFNOSUPPORT: "Address family not supported by protocol",
} as const;

export type Errno = keyof typeof STRERROR;

export class NetlinkError extends Error {
  constructor(
    readonly errno: Errno,
    /** The extack message, without the final period iproute2 adds. */
    readonly extack?: string,
  ) {
    super(extack ?? STRERROR[errno]);
    this.name = "NetlinkError";
  }

  get strerror(): string {
    return STRERROR[this.errno];
  }
}

export function strerror(errno: Errno): string {
  return STRERROR[errno];
}

export function fail(errno: Errno, extack?: string): never {
  throw new NetlinkError(errno, extack);
}
