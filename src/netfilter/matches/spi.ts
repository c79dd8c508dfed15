// The SPI range of -m esp, -m ah and -m ipcomp (libxt_esp.c, libipt_ah.c, libxt_ipcomp.c:
// XTTYPE_UINT32RC; kernel xt_esp.c, ipt_ah.c, xt_ipcomp.c spi_match).
import { parseRangeX6 } from "../xtparse.ts";

export interface SpiRange {
  min: number;
  max: number;
  invert: boolean;
}

const FULL = 0xffffffff;

/** "spi", "min:max", ":max", "min:" or ":"; one number is a range of one. 1.8.9 keeps a reversed range. */
export function parseSpis(ext: string, option: string, arg: string, invert: boolean): SpiRange {
  const [min = 0, max] = parseRangeX6(ext, option, arg, 0, FULL);
  return { min, max: max ?? min, invert };
}

/** The save form: nothing for the whole range (inverted or not), else ` [!] --OPT a[:b]`. */
export function saveSpis(option: string, r: SpiRange): string {
  if (r.min === 0 && r.max === FULL) return "";
  const value = r.min === r.max ? String(r.min) : `${String(r.min)}:${String(r.max)}`;
  return `${r.invert ? " !" : ""} --${option} ${value}`;
}

/** print_spis: nothing for the whole range uninverted, else `spi:[!]a` or `spis:[!]a:b`. */
export function printSpis(r: SpiRange): string {
  if (r.min === 0 && r.max === FULL && !r.invert) return "";
  const inv = r.invert ? "!" : "";
  return r.min === r.max ? `spi:${inv}${String(r.min)}` : `spis:${inv}${String(r.min)}:${String(r.max)}`;
}

/** spi_match: (min <= spi <= max) xor invert. */
export function spiMatches(r: SpiRange, spi: number): boolean {
  return (spi >= r.min && spi <= r.max) !== r.invert;
}
