// iproute2's output layer (lib/json_print.c over lib/json_writer.c, lib/color.c): every
// print_* call writes text, or a JSON member when -j is on, so that one printing routine
// serves both. Field order, separators and pretty-printing are json_writer's.

export type Where = "fp" | "json" | "any";

/** enum color_attr, with the light-background palette color.c picks by default. */
export type Color = "ifname" | "mac" | "inet" | "inet6" | "up" | "down" | "none";

const PALETTE: Record<Exclude<Color, "none">, string> = {
  ifname: "\x1b[36m",
  mac: "\x1b[33m",
  inet: "\x1b[35m",
  inet6: "\x1b[34m",
  up: "\x1b[32m",
  down: "\x1b[31m",
};
const CLEAR = "\x1b[0m";

/** The printf conversions iproute2's formats use: %s %-16s %d %u %x %02x %#llx %llu. */
export function printf(fmt: string, value: string | number): string {
  return fmt.replace(/%(#?)(-?)(0?)(\d*)(?:ll|l|hh|h)?([sdux%])/g, (_m, alt: string, left: string, zero: string, width: string, conv: string) => {
    if (conv === "%") return "%";
    let s: string;
    if (conv === "s") s = String(value);
    else if (conv === "x") s = (alt ? "0x" : "") + Number(value).toString(16);
    else s = String(Math.trunc(Number(value)));
    const w = Number(width || 0);
    if (s.length >= w) return s;
    if (left) return s.padEnd(w);
    return zero ? s.padStart(w, "0") : s.padStart(w);
  });
}

function jsonString(text: string): string {
  const map: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b", "\\": "\\\\", '"': '\\"' };
  return `"${text.replace(/[\t\n\r\f\b\\"]/g, (c) => map[c] ?? c)}"`;
}

/** lib/json_writer.c: separators and indentation exactly as it emits them. */
class JsonWriter {
  private depth = 0;
  private sep = "";
  constructor(
    private readonly pretty: boolean,
    private readonly put: (t: string) => void,
  ) {}

  private eol(): void {
    if (this.pretty) this.put(`\n${"    ".repeat(this.depth)}`);
  }

  private eor(): void {
    if (this.sep) this.put(this.sep);
    this.sep = ",";
  }

  name(key: string): void {
    this.eor();
    this.eol();
    this.sep = "";
    this.put(`${jsonString(key)}:${this.pretty ? " " : ""}`);
  }

  raw(text: string): void {
    this.eor();
    this.put(text);
  }

  string(value: string): void {
    this.raw(jsonString(value));
  }

  begin(c: "{" | "["): void {
    this.eor();
    this.put(c);
    this.depth++;
    this.sep = "";
    if (c === "[" && this.pretty) this.put(" ");
  }

  end(c: "}" | "]"): void {
    if (c === "]") {
      if (this.pretty && this.sep) this.put(" ");
      this.sep = "";
    }
    this.depth--;
    if (this.sep) this.eol();
    this.put(c);
    this.sep = ",";
  }
}

export interface OutOptions {
  readonly json: boolean;
  readonly pretty: boolean;
  readonly color: boolean;
  readonly oneline: boolean;
}

/** One command's output: text or JSON, with the print_* calls of lib/json_print.c. */
export class Out {
  text = "";
  private jw: JsonWriter | undefined;

  constructor(readonly opts: OutOptions) {}

  /** _SL_: the line separator, a backslash in -oneline mode. */
  get sl(): string {
    return this.opts.oneline ? "\\" : "\n";
  }

  get isJson(): boolean {
    return this.jw !== undefined;
  }

  private jsonCtx(w: Where): boolean {
    return this.jw !== undefined && w !== "fp";
  }

  private fpCtx(w: Where): boolean {
    return this.jw === undefined && w !== "json";
  }

  raw(text: string): void {
    this.text += text;
  }

  /** new_json_obj / new_json_obj_plain. */
  newJson(withArray = true): void {
    if (!this.opts.json) return;
    this.jw = new JsonWriter(this.opts.pretty, (t) => (this.text += t));
    if (withArray) this.jw.begin("[");
  }

  /** delete_json_obj: closes the array and ends the line. */
  endJson(withArray = true): void {
    if (this.jw === undefined) return;
    if (withArray) this.jw.end("]");
    this.text += "\n";
    this.jw = undefined;
  }

  openObject(key?: string): void {
    if (this.jw === undefined) return;
    if (key !== undefined) this.jw.name(key);
    this.jw.begin("{");
  }

  closeObject(): void {
    this.jw?.end("}");
  }

  openArray(w: Where, key: string): void {
    if (this.jsonCtx(w)) {
      this.jw?.name(key);
      this.jw?.begin("[");
    } else if (this.fpCtx(w)) this.text += key;
  }

  closeArray(w: Where, text: string): void {
    if (this.jsonCtx(w)) this.jw?.end("]");
    else if (this.fpCtx(w)) this.text += text;
  }

  private colored(color: Color, text: string): string {
    return this.opts.color && color !== "none" ? `${PALETTE[color]}${text}${CLEAR}` : text;
  }

  str(w: Where, key: string | undefined, fmt: string, value: string, color: Color = "none"): void {
    if (this.jsonCtx(w)) {
      if (key !== undefined) this.jw?.name(key);
      this.jw?.string(value);
    } else if (this.fpCtx(w)) this.text += this.colored(color, printf(fmt, value));
  }

  /** print_string with a key and no value: just the JSON member name (used before an object). */
  num(w: Where, key: string | undefined, fmt: string, value: number, color: Color = "none"): void {
    if (this.jsonCtx(w)) {
      if (key !== undefined) this.jw?.name(key);
      this.jw?.raw(String(value));
    } else if (this.fpCtx(w)) this.text += this.colored(color, printf(fmt, value));
  }

  bool(w: Where, key: string | undefined, fmt: string, value: boolean): void {
    if (this.jsonCtx(w)) {
      if (key !== undefined) this.jw?.name(key);
      this.jw?.raw(value ? "true" : "false");
    } else if (this.fpCtx(w)) this.text += printf(fmt, value ? "true" : "false");
  }

  null(w: Where, key: string | undefined, fmt: string, value: string): void {
    if (this.jsonCtx(w)) {
      if (key !== undefined) this.jw?.name(key);
      this.jw?.raw("null");
    } else if (this.fpCtx(w)) this.text += printf(fmt, value);
  }

  /** print_hex: a hex string in JSON, the format in text. */
  hex(w: Where, key: string | undefined, fmt: string, value: number): void {
    if (this.jsonCtx(w)) {
      if (key !== undefined) this.jw?.name(key);
      this.jw?.string(value.toString(16));
    } else if (this.fpCtx(w)) this.text += printf(fmt, value);
  }

  /** jsonw_printf of a number already formatted (a bridge timer's "%i.%.2i"): bare in JSON, `text` otherwise. */
  rawNum(key: string, json: string, text: string): void {
    if (this.jw !== undefined) {
      this.jw.name(key);
      this.jw.raw(json);
    } else this.text += text;
  }

  /** print_nl: a line break in text only. */
  nl(): void {
    if (this.jw === undefined) this.text += this.sl;
  }

  /** fprintf straight to stdout, whatever the mode (callers check isJson themselves). */
  fp(text: string, color: Color = "none"): void {
    if (this.jw === undefined) this.text += this.colored(color, text);
  }
}
