// Lines as the real tcpdump 4.99.3 printed them for real-a0.pcap (TZ=UTC); the whole
// capture is compared in tests/golden-tcpdump.test.ts, these pin single behaviours.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePcap, type PcapRecord } from "../../src/wire/pcap.ts";
import { newTcpdumpPrinter, printRecord, type TcpdumpOptions } from "../../src/wire/tcpdump.ts";

const parsed = parsePcap(new Uint8Array(readFileSync(new URL("../golden/tcpdump/real-a0.pcap", import.meta.url))));
const records: readonly PcapRecord[] = parsed.ok ? parsed.file.records : [];

function lines(opts: Partial<TcpdumpOptions>, picks: readonly number[]): string[] {
  const t = newTcpdumpPrinter(opts);
  return picks.map((i) => printRecord(t, records[i]!));
}

describe("tcpdump lines", () => {
  it("prints ARP and ICMP echo with -n", () => {
    expect(lines({ numeric: true }, [0, 1, 2])).toEqual([
      "16:46:47.950866 ARP, Request who-has 10.0.0.254 tell 10.0.0.1, length 28\n",
      "16:46:47.950908 ARP, Reply 10.0.0.254 is-at 92:71:be:27:00:4c, length 28\n",
      "16:46:47.950910 IP 10.0.0.1 > 10.0.1.2: ICMP echo request, id 10309, seq 1, length 64\n",
    ]);
  });

  it("prints the link header with -e, names and OUIs without -n", () => {
    expect(lines({ link: true }, [0])).toEqual([
      "16:46:47.950866 ea:1b:a8:85:75:08 (oui Unknown) > Broadcast, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.254 tell 10.0.0.1, length 28\n",
    ]);
  });

  it("prints the IP header with -v and the quoted datagram of an error", () => {
    expect(lines({ numeric: true, verbose: 1 }, [9])).toEqual([
      "16:46:48.274357 IP (tos 0xc0, ttl 63, id 65509, offset 0, flags [none], proto ICMP (1), length 61)\n" +
      "    10.0.1.2 > 10.0.0.1: ICMP 10.0.1.2 udp port 9999 unreachable, length 41\n" +
      "\tIP (tos 0x0, ttl 63, id 4648, offset 0, flags [DF], proto UDP (17), length 33)\n" +
      "    10.0.0.1.42502 > 10.0.1.2.9999: UDP, length 5\n",
    ]);
  });

  it("makes sequence numbers relative after a connection's first packets, absolute with -S", () => {
    const rel = lines({ numeric: true }, [12, 13, 14, 15]).map((l) => l.slice(16));
    expect(rel).toEqual([
      "IP 10.0.0.1.34814 > 10.0.1.2.5555: Flags [S], seq 3066672189, win 64240, options [mss 1460,sackOK,TS val 4027573445 ecr 0,nop,wscale 10], length 0\n",
      "IP 10.0.1.2.5555 > 10.0.0.1.34814: Flags [S.], seq 2469533094, ack 3066672190, win 65160, options [mss 1460,sackOK,TS val 2445984774 ecr 4027573445,nop,wscale 10], length 0\n",
      "IP 10.0.0.1.34814 > 10.0.1.2.5555: Flags [.], ack 1, win 63, options [nop,nop,TS val 4027573445 ecr 2445984774], length 0\n",
      "IP 10.0.0.1.34814 > 10.0.1.2.5555: Flags [P.], seq 1:7, ack 1, win 63, options [nop,nop,TS val 4027573445 ecr 2445984774], length 6\n",
    ]);
    expect(lines({ numeric: true, absoluteSeq: true }, [15])[0]).toContain("seq 3066672190:3066672196, ack 2469533095,");
  });

  it("checks TCP checksums with -v", () => {
    expect(lines({ numeric: true, verbose: 1 }, [11])[0]).toContain("Flags [R.], cksum 0x4218 (correct), seq 0, ack 1183271739");
    expect(lines({ numeric: true, verbose: 1 }, [10])[0]).toContain("cksum 0x1531 (incorrect -> 0xf03f)");
  });

  it("prints fragments, quiet TCP, and the timestamp styles", () => {
    expect(lines({ numeric: true }, [30])[0]).toBe("16:46:50.387092 IP 10.0.0.1 > 10.0.1.2: ip-proto-1\n");
    expect(lines({}, [30])[0]).toBe("16:46:50.387092 IP 10.0.0.1 > 10.0.1.2: icmp\n");
    expect(lines({ numeric: true, quiet: true }, [10])[0]).toBe("16:46:48.669093 IP 10.0.0.1.50850 > 10.0.1.2.81: tcp 0\n");
    expect(lines({ numeric: true, timestamps: 1 }, [0])[0]).toMatch(/^ARP, /);
    expect(lines({ numeric: true, timestamps: 2 }, [0])[0]).toMatch(/^1795625207\.950866 ARP/);
    expect(lines({ numeric: true, timestamps: 3 }, [0, 1]).map((l) => l.slice(0, 17))).toEqual([" 00:00:00.000000 ", " 00:00:00.000042 "]);
    expect(lines({ numeric: true, timestamps: 4 }, [0])[0]).toMatch(/^2026-11-25 16:46:47\.950866 ARP/);
  });

  it("dumps the bytes after the link header with -x", () => {
    expect(lines({ numeric: true, hex: 1 }, [0])[0]).toBe(
      "16:46:47.950866 ARP, Request who-has 10.0.0.254 tell 10.0.0.1, length 28\n".slice(0, -1) +
      "\n\t0x0000:  0001 0800 0604 0001 ea1b a885 7508 0a00" +
      "\n\t0x0010:  0001 0000 0000 0000 0a00 00fe\n",
    );
  });
});
