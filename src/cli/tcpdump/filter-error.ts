// A filter expression the real tcpdump refuses: `message` is libpcap's wording; tcpdump
// prints "tcpdump: " before it ("can't parse filter expression: " before syntax errors).

export class FilterError extends Error {
  override readonly name = "FilterError";
}

/** tcpdump's stderr line for a refused filter. */
export function filterErrorText(e: FilterError): string {
  return e.message === "syntax error" ? "can't parse filter expression: syntax error" : e.message;
}
