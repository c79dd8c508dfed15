// Filter results as the real tcpdump 4.99.3 gave them on tests/golden/tcpdump/crafted.pcap
// (the full list with the matching lines is tests/golden/tcpdump/filters.txt).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePcap, type PcapRecord } from "../../wire/pcap.ts";
import { compileFilter, FilterError } from "./filter.ts";

const parsed = parsePcap(new Uint8Array(readFileSync(new URL("../../../tests/golden/tcpdump/crafted.pcap", import.meta.url))));
const records: readonly PcapRecord[] = parsed.ok ? parsed.file.records : [];

function count(expr: string): number {
  const f = compileFilter(expr);
  return records.filter((r) => f.matches({ data: r.data, length: r.length })).length;
}

function error(expr: string): string {
  try {
    compileFilter(expr);
  } catch (e) {
    if (e instanceof FilterError) return e.message;
    throw e;
  }
  return "accepted";
}

describe("tcpdump filters", () => {
  it("selects protocols, and counts a non-first fragment as tcp but not as a port", () => {
    expect(records).toHaveLength(52);
    expect(count("")).toBe(52);
    expect(count("tcp")).toBe(17);
    expect(count("tcp and port 22")).toBe(5);
    expect(count("tcp[0] = 0x11")).toBe(0);
  });

  it("gives and/or equal precedence, left to right", () => {
    expect(count("tcp && udp || icmp")).toBe(count("icmp"));
    expect(count("icmp or arp")).toBe(count("icmp") + count("arp"));
  });

  it("reuses the last qualifiers for a bare value", () => {
    expect(count("port 22 or 80")).toBe(count("port 22 or port 80"));
    expect(count("port (22 or 80)")).toBe(count("port 22 or port 80"));
    expect(count("host 10.0.0.1 or 10.1")).toBe(count("host 10.0.0.1 or net 10.1.0.0/16"));
  });

  it("evaluates header loads, a missing header making only that relation false", () => {
    expect(count("tcp[tcpflags] & tcp-syn != 0")).toBe(5);
    expect(count("ip[9] = 6 && !(tcp[13] & 2 = 0)")).toBe(6);
    expect(count("tcp[13] & 2 > 0 or udp")).toBe(5 + count("udp"));
    expect(count("ip[100] = 1")).toBe(0);
  });

  it("refuses what libpcap refuses, in its words", () => {
    expect(error("foo")).toBe("syntax error");
    expect(error("10.0.0.1")).toBe("syntax error");
    expect(error("port 99999")).toBe("illegal port number 99999 > 65535");
    expect(error("port 080")).toBe("number 080 contains non-octal digit");
    expect(error("udp port ssh")).toBe("port 'ssh' is tcp");
    expect(error("net 10.0.0.1/24")).toBe('non-network bits set in "10.0.0.1/24"');
    expect(error("tcp host 10.0.0.1")).toBe("'tcp' modifier applied to host");
    expect(error("host nosuch.example")).toBe("unknown host 'nosuch.example'");
    expect(error("tcp[13:3] = 1")).toBe("data size must be 1, 2, or 4");
    expect(error("1 / 0 = 1")).toBe("division by zero");
    expect(error("arp and tcp")).toBe("expression rejects all packets");
    expect(error("portrange 10-5")).toBe("accepted");
  });
});
