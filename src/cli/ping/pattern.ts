// -p pattern as iputils 20221126 ping_common.c fill() reads it: every character a hex
// digit, then up to 16 bytes taken two digits at a time (sscanf "%2x" sixteen times, so
// an odd last digit is a byte of its own). The data repeats those bytes.

/** The pattern's bytes, or fill's complaint (ping exits 2 with it). */
export function parsePattern(text: string): number[] | string {
  const bad = /[^0-9a-fA-F]/.exec(text);
  // error() prints the pattern from its first character that is no hex digit.
  if (bad !== null) return `patterns must be specified as hex digits: ${text.slice(bad.index)}`;
  const bytes: number[] = [];
  for (let i = 0; i < text.length && bytes.length < 16; i += 2) bytes.push(parseInt(text.slice(i, i + 2), 16));
  return bytes;
}
