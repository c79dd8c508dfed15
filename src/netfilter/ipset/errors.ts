// How ipset fails: the kernel's IPSET_ERR_* answers worded as libipset's lib/errcode.c
// words them, and the two kinds of userspace failure of lib/ipset.c (a session report,
// exit 1, or a parameter problem, exit 2 with the "Try `ipset help'" line).

/** Kernel answers to a set command (include/uapi/linux/netfilter/ipset/ip_set*.h). */
export type KernelErr =
  | "ENOENT" | "ERANGE" | "EINVAL" | "CREATE_EXIST" | "INVALID_NETMASK" | "INVALID_FAMILY" | "BUSY" | "EXIST_SETNAME2"
  | "REFERENCED" | "TYPE_MISMATCH" | "INVALID_CIDR" | "TIMEOUT" | "COUNTER" | "COMMENT" | "SKBINFO" | "EXIST"
  | "BITMAP_RANGE" | "HASH_FULL" | "HASH_ELEM" | "INVALID_PROTO" | "HASH_RANGE" | "NAME" | "LOOP" | "BEFORE"
  | "NAMEREF" | "LIST_FULL" | "REF_EXIST";

export type SetCommand = "create" | "destroy" | "flush" | "rename" | "swap" | "list" | "save" | "add" | "del" | "test";

/** lib/errcode.c: the message for an error of a command; type-specific codes first, then core ones. */
export function kernelMessage(err: KernelErr, cmd: SetCommand): string {
  switch (err) {
    case "ENOENT": return "The set with the given name does not exist";
    case "ERANGE": return "The specified range is too large, split it up into smaller ranges";
    case "EINVAL": return "Kernel error received: Invalid argument";
    case "CREATE_EXIST": return "Set cannot be created: set with the same name already exists";
    case "INVALID_NETMASK": return "The value of the netmask parameter is invalid";
    case "INVALID_FAMILY": return "Protocol family not supported by the set type";
    case "BUSY": return "Set cannot be destroyed: it is in use by a kernel component";
    case "EXIST_SETNAME2":
      return cmd === "swap" ? "Sets cannot be swapped: the second set does not exist" : "Set cannot be renamed: a set with the new name already exists";
    case "REFERENCED": return "Set cannot be renamed: it is in use by another system";
    case "TYPE_MISMATCH": return "The sets cannot be swapped: their type does not match";
    case "INVALID_CIDR": return "The value of the CIDR parameter of the IP address is invalid";
    case "TIMEOUT": return "Timeout cannot be used: set was created without timeout support";
    case "COUNTER": return "Packet/byte counters cannot be used: set was created without counter support";
    case "COMMENT": return "Comment cannot be used: set was created without comment support";
    case "SKBINFO": return "Skbinfo mapping cannot be used: set was created without skbinfo support";
    case "EXIST":
      return cmd === "del" ? "Element cannot be deleted from the set: it's not added" : "Element cannot be added to the set: it's already added";
    case "BITMAP_RANGE": return "Element is out of the range of the set";
    case "HASH_FULL": return "Hash is full, cannot add more elements";
    case "HASH_ELEM": return "Null-valued element, cannot be stored in a hash type of set";
    case "INVALID_PROTO": return "Invalid protocol specified";
    case "HASH_RANGE": return "Invalid range, covers the whole address space";
    case "NAME": return "Set to be added/deleted/tested as element does not exist.";
    case "LOOP": return "Sets with list:set type cannot be added to the set.";
    case "BEFORE": return "No reference set specified.";
    case "NAMEREF": return "The set to which you referred with 'before' or 'after' does not exist.";
    case "LIST_FULL": return "The set is full, more elements cannot be added.";
    case "REF_EXIST": return "The set to which you referred with 'before' or 'after' is not added to the set.";
  }
}

/** A refusal by the kernel: the command and the IPSET_ERR_* it answered. */
export class KernelError extends Error {
  constructor(
    readonly err: KernelErr,
    readonly cmd: SetCommand,
  ) {
    super(kernelMessage(err, cmd));
    this.name = "KernelError";
  }
}

/**
 * A session report of libipset (ipset_session_report): its messages, printed after
 * "ipset v7.17: ", exit 1. Reports of kind "error" restart with "Error in line N: " in
 * restore mode, so that only the last message shows; warnings turned into an error
 * (ipset_session_warning_as_error, e.g. an unparsable port) keep every line and no line number.
 */
export class ReportError extends Error {
  constructor(
    readonly messages: readonly string[],
    readonly kind: "error" | "warning" = "error",
  ) {
    super(messages.join("\n"));
    this.name = "ReportError";
  }

  /** The report buffer as printed, for a command at restore line `line` (0 outside restore). */
  text(line = 0): string {
    if (line !== 0 && this.kind === "error") return `Error in line ${String(line)}: ${this.messages.at(-1) ?? ""}\n`;
    return this.messages.map((m) => `${m}\n`).join("");
  }
}

/** A syntax error as libipset's syntax_err words it. */
export function syntaxError(text: string): ReportError {
  return new ReportError([`Syntax error: ${text}`]);
}

/** A parameter problem (custom_error with IPSET_PARAMETER_PROBLEM): exit 2 and the help hint. */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParameterError";
  }
}

/** An error ipset reports through custom_error with IPSET_OTHER_PROBLEM: no hint, exit 1. */
export class OtherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtherError";
  }
}
