// conntrack -E expect, -D expect and -G expect over the expectations the FTP helper makes,
// with the lines conntrack-tools 1.4.7 printed on Linux 6.18 (golden case
// tests/golden/net/cases/conntrack-expect.sh, here on the LAB's addresses).
import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";
import { expTimestampPrefix } from "./expect-events.ts";

const FTP = `${LAB}ip netns exec LIME iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp\n`;
const SERVER = "ip netns exec LIME nc -l 21 > /dev/null &\n";
/** A first line, then the PORT commands, one a second (the helper skips the first segment). */
const client = (sport: number, ...ports: number[]) =>
  `printf 'USER a\\r\\n${ports.map((p) => `PORT 10,10,10,1,200,${String(p)}\\r\\n`).join("")}' | ip netns exec LEMON nc -i 1 -q 1 -p ${String(sport)} 10.10.10.2 21\n`;
const MASK = "mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535";
const line = (left: number, port: number, sport = 40000) =>
  `${String(left)} proto=6 src=10.10.10.2 dst=10.10.10.1 sport=0 dport=${String(port)} ${MASK} master-src=10.10.10.1 master-dst=10.10.10.2 sport=${String(sport)} dport=21 class=0 helper=ftp`;
const PROG = "conntrack v1.4.7 (conntrack-tools): ";
const DELETE = "ip netns exec LIME conntrack -D expect -s 10.10.10.2 -d 10.10.10.1 -p tcp --sport 7 --dport";

describe("conntrack -E expect", () => {
  it("reports each expectation made and each one unlinked: evicted by the next PORT, deleted, flushed", () => {
    const r = runScript(`${FTP}ip netns exec LIME conntrack -E expect &
E=$!
${SERVER}sleep 0.3
${client(40000, 51210, 51211)}${DELETE} 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
${SERVER}${client(40001, 51212)}ip netns exec LIME conntrack -F expect
kill $E
wait $E
`);
    expect(r.out).toBe(
      `    [NEW] ${line(300, 51210)}\n[DESTROY] ${line(299, 51210)}\n    [NEW] ${line(300, 51211)}\n` +
        `[DESTROY] ${line(297, 51211)}\nexit 1\n    [NEW] ${line(300, 51212, 40001)}\n[DESTROY] ${line(297, 51212, 40001)}\n`,
    );
    expect(r.err).toBe(`${PROG}0 expectations have been shown.\n${PROG}expectation table has been emptied.\n${PROG}6 expectation events have been shown.\n`);
  });

  it("reports in XML, and an expectation destroyed with its master (conntrack -F)", () => {
    const r = runScript(`${FTP}ip netns exec LIME conntrack -E expect -o xml &
E=$!
${SERVER}sleep 0.3
${client(40002, 51213)}ip netns exec LIME conntrack -F
kill $E
wait $E
`);
    const flow = (type: string, left: number) =>
      `<flow type="${type}"><layer3 protonum="2" protoname="ipv4"><expected><src>10.10.10.2</src><dst>10.10.10.1</dst></expected>` +
      "<mask><src>255.255.255.255</src><dst>255.255.255.255</dst></mask><master><src>10.10.10.1</src><dst>10.10.10.2</dst></master></layer3>" +
      '<layer4 protonum="6" protoname="tcp"><expected><sport>0</sport><dport>51213</dport></expected><mask><sport>0</sport><dport>65535</dport></mask>' +
      `<master><sport>40002</sport><dport>21</dport></master></layer4><meta><helper-name>ftp</helper-name><timeout>${String(left)}</timeout><class>0</class></meta></flow>\n`;
    expect(r.out).toBe(`<?xml version="1.0" encoding="utf-8"?>\n<expect>\n${flow("new", 300)}${flow("destroy", 297)}</expect>\n`);
    expect(r.err).toBe(`${PROG}connection tracking table has been emptied.\n${PROG}2 expectation events have been shown.\n`);
  });

  it("refuses an event mask and a protocol", () => {
    const r = runScript("ip netns add X\nip netns exec X conntrack -E expect -e NEW\necho \"exit $?\"\nip netns exec X conntrack -E expect -p tcp\n");
    expect(r.out).toBe("exit 2\n");
    expect(r.err).toBe(
      `${PROG}Illegal option \`--event-mask' with this command\nTry \`conntrack -h' or 'conntrack --help' for more information.\n` +
        `${PROG}Illegal option \`--protonum' with this command\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
    );
  });
});

describe("conntrack -D expect and -G expect", () => {
  it("finds the expectation the tuple falls under (any source port), or says ENOENT", () => {
    const r = runScript(`${FTP}${SERVER}${client(40000, 51211)}ip netns exec LIME conntrack -G expect -s 10.10.10.2 -d 10.10.10.1 -p tcp --sport 0 --dport 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec LIME conntrack -G expect -s 10.10.10.1 -d 10.10.10.2 -p tcp --sport 40000 --dport 21 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
${DELETE} 51210 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
${DELETE} 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec LIME conntrack -C expect
`);
    expect(r.out).toBe(`${line(297, 51211)}\nexit 0\nexit 1\nexit 1\nexit 1\n0\n`);
    expect(r.err).toBe(
      `${PROG}Operation failed: No such file or directory\n${PROG}Operation failed: No such file or directory\n${PROG}0 expectations have been shown.\n`,
    );
  });

  it("needs the tuple and, for TCP and UDP, all four ports (tcp_commands_v_options' EXP_DELETE row)", () => {
    const r = runScript(`ip netns add X
ip netns exec X conntrack -D expect
ip netns exec X conntrack -D expect -s 1.1.1.1 -d 2.2.2.2 -p tcp --dport 1
ip netns exec X conntrack -D expect -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 7 --dport 1
ip netns exec X conntrack -D expect -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 7 --dport 1 --reply-port-src 1 --reply-port-dst 2 -o extended
ip netns exec X conntrack -D expect -s 1.1.1.1 -d 2.2.2.2 -p icmp
echo "exit $?"
`);
    const hint = "Try `conntrack -h' or 'conntrack --help' for more information.\n";
    expect(r.out).toBe("exit 1\n");
    expect(r.err).toBe(
      `${PROG}You need to supply the \`--src' option for this command\n${hint}` +
        `${PROG}You need to supply the \`--sport' option for this command\n${hint}` +
        `${PROG}You need to supply the \`--reply-port-src' option for this command\n${hint}` +
        `${PROG}Illegal option \`--output' with this command\n${hint}` +
        `${PROG}Operation failed: No such file or directory\n`,
    );
  });
});

describe("expectations in time and in XML", () => {
  it("reports an expectation's expiry when its five minutes are up, with no time left", () => {
    const r = runScript(`${FTP}ip netns exec LIME conntrack -E expect &
E=$!
${SERVER}sleep 0.3
${client(40000, 51210)}sleep 300
ip netns exec LIME conntrack -C expect
kill $E
wait $E
`);
    expect(r.out).toBe(`    [NEW] ${line(300, 51210)}\n[DESTROY] ${line(0, 51210)}\n0\n`);
  });

  it("lists in XML as an <expect> document, and nothing at all without expectations", () => {
    const r = runScript(`${FTP}ip netns exec LIME conntrack -L expect -o xml
${SERVER}${client(40000, 51211)}ip netns exec LIME conntrack -L expect -o xml
`);
    expect(r.out).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<expect>\n<flow><layer3 protonum="2" protoname="ipv4"><expected><src>10.10.10.2</src><dst>10.10.10.1</dst></expected>' +
        "<mask><src>255.255.255.255</src><dst>255.255.255.255</dst></mask><master><src>10.10.10.1</src><dst>10.10.10.2</dst></master></layer3>" +
        '<layer4 protonum="6" protoname="tcp"><expected><sport>0</sport><dport>51211</dport></expected><mask><sport>0</sport><dport>65535</dport></mask>' +
        "<master><sport>40000</sport><dport>21</dport></master></layer4><meta><helper-name>ftp</helper-name><timeout>297</timeout><class>0</class></meta></flow>\n</expect>\n",
    );
    expect(r.err).toBe(`${PROG}0 expectations have been shown.\n${PROG}1 expectations have been shown.\n`);
  });

  it("prefixes -o timestamp as event_exp_cb does, left-justified: [1795648767.81310 ]", () => {
    expect(expTimestampPrefix(1795648767_081310)).toBe("[1795648767.81310 ]\t");
    expect(expTimestampPrefix(12_000100)).toBe("[12      .100   ]\t");
  });
});
