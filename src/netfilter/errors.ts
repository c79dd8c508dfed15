// Typed command errors carrying the real tool's message and exit status
// (enum xtables_exittype in include/xtables.h).

export const OTHER_PROBLEM = 1;
export const PARAMETER_PROBLEM = 2;
export const VERSION_PROBLEM = 3;
export const RESOURCE_PROBLEM = 4;

export type ExitStatus = 1 | 2 | 3 | 4;

/** A refused command: `message` is printed after the tool's "name vX.Y.Z (nf_tables): " prefix. */
export class XtError extends Error {
  /** What the tool wrote to stderr just before failing (libipt_REJECT's echo-reply notice). */
  preamble = "";

  constructor(
    message: string,
    readonly status: ExitStatus = PARAMETER_PROBLEM,
  ) {
    super(message);
    this.name = "XtError";
  }
}

export function parameterProblem(message: string): XtError {
  return new XtError(message, PARAMETER_PROBLEM);
}

/**
 * A refusal iptables words through nft_strerror ("iptables: Chain already exists."):
 * printed without the version prefix, exit status 1.
 */
export class StrerrorError extends XtError {
  constructor(
    message: string,
    readonly dmesgHint = false,
  ) {
    super(message, OTHER_PROBLEM);
  }
}

/**
 * The kernel refused a message of the batch (nft.c mnl_append_error): printed as
 * "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain INPUT",
 * or by iptables-restore as "\nline 3: RULE_APPEND failed (...): ..." for each refusal.
 */
export class BatchError extends XtError {
  constructor(
    readonly operation: string,
    readonly errnoText: string,
    readonly object: string,
  ) {
    super(` ${operation} failed (${errnoText}): ${object}`, RESOURCE_PROBLEM);
  }

  /** The form iptables-restore prints, with the line of the command that queued the message. */
  atLine(line: number): string {
    return `\nline ${String(line)}: ${this.operation} failed (${this.errnoText}): ${this.object}`;
  }
}

export function batchError(operation: string, errnoText: string, object: string): BatchError {
  return new BatchError(operation, errnoText, object);
}

/** strerror() texts of the errnos the kernel answers iptables with. */
export const ERRNO_TEXT = {
  EINVAL: "Invalid argument",
  ENOENT: "No such file or directory",
  EEXIST: "File exists",
  EBUSY: "Device or resource busy",
  EMLINK: "Too many links",
  ELOOP: "Too many levels of symbolic links",
  EOPNOTSUPP: "Operation not supported",
  ENOTEMPTY: "Directory not empty",
  ERANGE: "Numerical result out of range",
  E2BIG: "Argument list too long",
  EPROTO: "Protocol error",
} as const;
export type Errno = keyof typeof ERRNO_TEXT;
