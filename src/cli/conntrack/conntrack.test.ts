// The conntrack tool over a namespace's table, in shell scripts: listing, events, counts,
// statistics and the mark update, with the lines conntrack-tools 1.4.7 prints (taken from
// the real tool on kernel 6.18; the golden cases replay whole sessions against it).
import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";
import { USAGE_TEXT } from "./messages.ts";

const TRACKED = `${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT\n`;
const PING = "ip netns exec LEMON ping -c 1 -e 4242 10.10.10.2 > /dev/null\n";
const UDP = "echo hi | ip netns exec LEMON nc -u -w 1 -p 5555 10.10.10.2 9999\n";
const ICMP_TUPLES = "src=10.10.10.1 dst=10.10.10.2 type=8 code=0 id=4242 src=10.10.10.2 dst=10.10.10.1 type=0 code=0 id=4242";
const UDP_TUPLES = "src=10.10.10.1 dst=10.10.10.2 sport=5555 dport=9999 [UNREPLIED] src=10.10.10.2 dst=10.10.10.1 sport=9999 dport=5555";
const SHOWN = (n: number) => `conntrack v1.4.7 (conntrack-tools): ${String(n)} flow entries have been shown.\n`;

describe("conntrack -E", () => {
  it("reports entries made while it listens, their updates and their destruction by -F", () => {
    const r = runScript(`${TRACKED}ip netns exec LIME conntrack -E &
${PING}${UDP}ip netns exec LIME conntrack -F
kill $!
wait
echo "wait $?"
`);
    expect(r.out).toBe(
      `    [NEW] icmp     1 30 src=10.10.10.1 dst=10.10.10.2 type=8 code=0 id=4242 [UNREPLIED] src=10.10.10.2 dst=10.10.10.1 type=0 code=0 id=4242\n` +
        ` [UPDATE] icmp     1 30 ${ICMP_TUPLES}\n` +
        `    [NEW] udp      17 30 ${UDP_TUPLES}\n` +
        `[DESTROY] icmp     1 29 ${ICMP_TUPLES} [USERSPACE] portid=1003\n` +
        `[DESTROY] udp      17 29 ${UDP_TUPLES} [USERSPACE] portid=1003\n` +
        "wait 0\n",
    );
    expect(r.err).toBe(
      "conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n" +
        "conntrack v1.4.7 (conntrack-tools): 5 flow events have been shown.\n",
    );
  });

  it("says nothing of entries confirmed before anyone listened (nf_conntrack_events=2)", () => {
    const r = runScript(`${TRACKED}${PING}ip netns exec LIME conntrack -E &
${PING}ip netns exec LIME conntrack -F
kill $!
wait
`);
    expect(r.out).toBe("");
    expect(r.err).toContain("0 flow events have been shown.\n");
  });

  it("keeps to its event mask and filters, with -o extended and -o timestamp", () => {
    const r = runScript(`${TRACKED}ip netns exec LIME conntrack -E -e NEW -p udp -o extended,timestamp &
${PING}${UDP}kill -INT $!
wait
`);
    expect(r.out).toBe(`[00000000.000100]\t    [NEW] ipv4     2 udp      17 30 ${UDP_TUPLES}\n`);
    expect(r.err).toBe("conntrack v1.4.7 (conntrack-tools): 1 flow events have been shown.\n");
  });
});

describe("conntrack -L, -C, -G, -D, -U", () => {
  it("lists in confirmation order, counts, and shows ids with -o id", () => {
    const r = runScript(`${TRACKED}${PING}${UDP}ip netns exec LIME conntrack -L -o id
ip netns exec LIME conntrack -C
`);
    expect(r.out).toBe(`icmp     1 29 ${ICMP_TUPLES} mark=0 use=1 id=1\nudp      17 29 ${UDP_TUPLES} mark=0 use=1 id=2\n2\n`);
    expect(r.err).toBe(SHOWN(2));
  });

  it("fetches one entry by its original tuple, and fails on an unknown one", () => {
    const r = runScript(`${TRACKED}${UDP}ip netns exec LIME conntrack -G -p udp -s 10.10.10.1 -d 10.10.10.2 --sport 5555 --dport 9999
ip netns exec LIME conntrack -G -p udp -s 10.10.10.1 -d 10.10.10.2 --sport 5556 --dport 9999
echo "exit $?"
`);
    expect(r.out).toBe(`udp      17 29 ${UDP_TUPLES} mark=0 use=2\nexit 1\n`);
    expect(r.err).toBe(`${SHOWN(1)}conntrack v1.4.7 (conntrack-tools): Operation failed: such conntrack doesn't exist\n`);
  });

  it("deletes what the filters keep, printing each, and fails when nothing matched", () => {
    const r = runScript(`${TRACKED}${PING}${UDP}ip netns exec LIME conntrack -D -p udp
ip netns exec LIME conntrack -D -p udp
echo "exit $?"
ip netns exec LIME conntrack -L
`);
    expect(r.out).toBe(`udp      17 29 ${UDP_TUPLES} mark=0 use=1\nexit 1\nicmp     1 29 ${ICMP_TUPLES} mark=0 use=1\n`);
    expect(r.err).toBe(
      "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.\n" +
        "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n" +
        SHOWN(1),
    );
  });

  it("sets the mark of the entries an address selects with -U, and refuses without an address", () => {
    const r = runScript(`${TRACKED}${PING}ip netns exec LIME conntrack -U -s 10.10.10.1 -m 10
ip netns exec LIME conntrack -U -m 9
echo "exit $?"
`);
    expect(r.out).toBe(`icmp     1 29 ${ICMP_TUPLES} mark=10 use=2\nexit 1\n`);
    expect(r.err).toBe(
      "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been updated.\n" +
        "Operation failed: Operation not supported\n" +
        "conntrack v1.4.7 (conntrack-tools): Operation failed: Operation not supported\n",
    );
  });
});

describe("conntrack -I, -A and -o xml", () => {
  it("creates entries, refuses one that exists with -I and counts it as not added with -A", () => {
    const create = "conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50";
    const r = runScript(`ip netns add A
ip netns exec A ${create}
ip netns exec A ${create}
echo "exit $?"
ip netns exec A ${create.replace("-I", "-A")}
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 60 --state ESTABLISHED -m 5 -u ASSURED
ip netns exec A conntrack -L
`);
    expect(r.out).toBe(
      "exit 1\n" +
        "udp      17 50 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1\n" +
        "tcp      6 60 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 [ASSURED] mark=4 use=1\n",
    );
    expect(r.err).toBe(
      "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been created.\n" +
        "conntrack v1.4.7 (conntrack-tools): Operation failed: Such conntrack exists, try -U to update\n" +
        "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been added.\n" +
        "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been created.\n" +
        SHOWN(2),
    );
  });

  it("lists as an XML document, one flow a line", () => {
    const r = runScript(`ip netns add A
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 60 --state ESTABLISHED -u ASSURED,SEEN_REPLY -w 3
ip netns exec A conntrack -L -o xml
ip netns exec A conntrack -L -o xml -p udp
`);
    expect(r.out).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n' +
        '<flow><meta direction="original"><layer3 protonum="2" protoname="ipv4"><src>1.1.1.1</src><dst>2.2.2.2</dst></layer3>' +
        '<layer4 protonum="6" protoname="tcp"><sport>1</sport><dport>2</dport></layer4></meta>' +
        '<meta direction="reply"><layer3 protonum="2" protoname="ipv4"><src>2.2.2.2</src><dst>1.1.1.1</dst></layer3>' +
        '<layer4 protonum="6" protoname="tcp"><sport>2</sport><dport>1</dport></layer4></meta>' +
        '<meta direction="independent"><state>ESTABLISHED</state><timeout>60</timeout><mark>0</mark><zone>3</zone><use>1</use><id>1</id><assured/></meta></flow>\n' +
        "</conntrack>\n",
    );
    expect(r.err).toBe(`conntrack v1.4.7 (conntrack-tools): 1 flow entries have been created.\n${SHOWN(1)}${SHOWN(0)}`);
  });
});

describe("conntrack -S, -V, -h", () => {
  it("prints one CPU's statistics, the version and the usage", () => {
    const r = runScript(`${LAB}ip netns exec LIME conntrack -S
ip netns exec LIME conntrack -V
ip netns exec LIME conntrack
`);
    expect(r.out).toBe(
      "cpu=0   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n" +
        "conntrack v1.4.7 (conntrack-tools)\n" +
        USAGE_TEXT,
    );
    expect(r.err).toBe("");
  });
});
