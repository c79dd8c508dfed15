// How nc's TCP connections end, against what the real kernel and netcat-openbsd 1.219 did
// in private namespaces (tests/golden/net/cases/tcp-close.sh holds the whole capture).
import { describe, expect, it } from "vitest";
import { LAB, runScript } from "../shell/testkit.ts";
import { parseNcArgs } from "./options.ts";

/** A tcpdump on LIME's end of the wire, and the flags of what it saw (as `grep -o` cuts them). */
function flagsSeen(script: string): string {
  const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec LIME tcpdump -l -n -i veth-lime tcp > dump.txt 2> /dev/null &
TD=$!
sleep 0.5
${script}
sleep 0.5
kill $TD
wait
grep -o 'IP [0-9.]* > [0-9.]*: Flags [^,]*' dump.txt
`);
  return r.out;
}

const C = "IP 10.10.10.1.40001 > 10.10.10.2.8080: Flags";
const S = "IP 10.10.10.2.8080 > 10.10.10.1.40001: Flags";

describe("a TCP connection closing as Linux closes it", () => {
  it("answers the first FIN with FIN,ACK when nc closes at once, whichever side closed first", () => {
    const handshake = `${C} [S]\n${S} [S.]\n${C} [.]\n`;
    expect(flagsSeen(`ip netns exec LIME nc -l 8080 > /dev/null &
sleep 0.5
echo hi | ip netns exec LEMON nc -N -p 40001 10.10.10.2 8080`)).toBe(`${handshake}${C} [P.]\n${S} [.]\n${C} [F.]\n${S} [F.]\n${C} [.]\n`);
    expect(flagsSeen(`echo bye | ip netns exec LIME nc -N -l 8080 &
sleep 0.5
ip netns exec LEMON nc -p 40001 10.10.10.2 8080 > /dev/null`)).toBe(`${handshake}${S} [P.]\n${C} [.]\n${S} [F.]\n${C} [F.]\n${S} [.]\n`);
  });

  it("sends the ACK of a FIN alone when nc sleeps (-i), and a closed socket resets new data", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec LIME conntrack -E -p tcp > events.txt &
ip netns exec LIME nc -l -W 1 8080 > got.txt &
sleep 0.5
printf 'one\\ntwo\\n' | ip netns exec LEMON nc -i 1 -p 40001 10.10.10.2 8080
echo "exit $?"
kill %1
`);
    expect(r.out).toBe("exit 0\n");
    expect(r.files["got.txt"]).toBe("one\n");
    const states = (r.files["events.txt"] ?? "").split("\n").map((l) => / (SYN_SENT|SYN_RECV|ESTABLISHED|FIN_WAIT|CLOSE_WAIT|CLOSE) /.exec(l)?.[1]);
    expect(states.filter((s) => s !== undefined)).toEqual(["SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "CLOSE"]);
    expect(flagsSeen(`ip netns exec LIME nc -l -W 1 8080 > /dev/null &
sleep 0.5
printf 'one\\ntwo\\n' | ip netns exec LEMON nc -i 1 -p 40001 10.10.10.2 8080`)).toBe(
      `${C} [S]\n${S} [S.]\n${C} [.]\n${C} [P.]\n${S} [.]\n${S} [F.]\n${C} [.]\n${C} [P.]\n${S} [R]\n`,
    );
  });
});

describe("the delayed ACK of a FIN, on the virtual clock", () => {
  /** tcpdump -ttt's gap before the bare ACK that answers a FIN from the other side. */
  const gapBeforeAck = (script: string) => {
    const r = runScript(`${LAB}ip netns exec LIME tcpdump -l -n -ttt -i veth-lime tcp > dump.txt 2> /dev/null &
TD=$!
sleep 0.5
${script}
sleep 0.5
kill $TD
wait
`);
    const lines = (r.files["dump.txt"] ?? "").split("\n");
    const fin = lines.findIndex((l) => l.includes("Flags [F.]"));
    return / (\d\d:\d\d:\d\d\.\d{6}) /.exec(lines[fin + 1] ?? "")?.[1];
  };

  it("waits for the next tick when the socket never received data, and TCP_ATO_MIN when it did", () => {
    // Real (Debian, HZ=250): the client's ACK 2.2 ms after the server's FIN; the server's 43 ms after the client's.
    expect(gapBeforeAck(`ip netns exec LIME nc -l -W 1 8080 > /dev/null &
sleep 0.5
printf 'one\\ntwo\\n' | ip netns exec LEMON nc -i 1 10.10.10.2 8080`)).toMatch(/^00:00:00\.00[0-3]\d{3}$/);
    expect(gapBeforeAck(`printf 'a\\nb\\n' | ip netns exec LIME nc -l -i 1 8080 > /dev/null &
sleep 0.5
echo hi | ip netns exec LEMON nc -N 10.10.10.2 8080`)).toMatch(/^00:00:00\.04[0-3]\d{3}$/);
  });
});

describe("nc's -q word", () => {
  it("is strtonum over INT_MIN..INT_MAX, and 0 or more implies -N", () => {
    expect(parseNcArgs(["-q", "x", "h", "80"])).toEqual({ ok: false, stderr: "nc: quit timer invalid: x\n", exit: 1 });
    expect(parseNcArgs(["-q", "2147483648", "h", "80"])).toEqual({ ok: false, stderr: "nc: quit timer too large: 2147483648\n", exit: 1 });
    expect(parseNcArgs(["-q", "-99999999999", "h", "80"])).toEqual({ ok: false, stderr: "nc: quit timer too small: -99999999999\n", exit: 1 });
    expect(parseNcArgs(["-q", "+3", "h", "80"])).toMatchObject({ ok: true, args: { quit: 3, shutdown: true } });
    expect(parseNcArgs(["-q", "-2147483648", "h", "80"])).toMatchObject({ ok: true, args: { quit: -2147483648, shutdown: false } });
  });
});

describe("nc -q and -i on the virtual clock", () => {
  const conntrackAfter = (client: string) =>
    runScript(`${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec LIME nc -l 8080 > /dev/null &
sleep 0.5
${client}
echo "exit $?"
sleep 0.2
ip netns exec LIME conntrack -L -p tcp
`).out;

  it("-q 2 stays two seconds after the peer closed; -q 0 and -q -1 do not", () => {
    const entry = (left: number) =>
      `tcp      6 ${String(left)} TIME_WAIT src=10.10.10.1 dst=10.10.10.2 sport=40001 dport=8080 src=10.10.10.2 dst=10.10.10.1 sport=8080 dport=40001 [ASSURED] mark=0 use=1\n`;
    expect(conntrackAfter("echo hi | ip netns exec LEMON nc -q 2 -p 40001 10.10.10.2 8080")).toBe(`exit 0\n${entry(117)}`);
    expect(conntrackAfter("echo hi | ip netns exec LEMON nc -q 0 -p 40001 10.10.10.2 8080")).toBe(`exit 0\n${entry(119)}`);
    // -q -1 does not imply -N: the client never shuts down, and -w ends it after a second.
    expect(conntrackAfter("echo hi | ip netns exec LEMON nc -q -1 -w 1 -p 40001 10.10.10.2 8080")).toBe(`exit 0\n${entry(119)}`);
  });

  it("UDP: -q 0 quits at the end of standard input, -q 2 two seconds later, both with status 0", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT
echo hi | ip netns exec LEMON nc -u -q 0 -p 40007 10.10.10.2 9999
echo "exit $?"
echo hi | ip netns exec LEMON nc -u -q 2 -p 40008 10.10.10.2 9999
echo "exit $?"
ip netns exec LIME conntrack -L -p udp
`);
    expect(r.out).toBe(`exit 0
exit 0
udp      17 27 src=10.10.10.1 dst=10.10.10.2 sport=40007 dport=9999 [UNREPLIED] src=10.10.10.2 dst=10.10.10.1 sport=9999 dport=40007 mark=0 use=1
udp      17 27 src=10.10.10.1 dst=10.10.10.2 sport=40008 dport=9999 [UNREPLIED] src=10.10.10.2 dst=10.10.10.1 sport=9999 dport=40008 mark=0 use=1
`);
  });

  it("-i 1 writes a line a second and shuts down a second after the last one", () => {
    const r = runScript(`${LAB}ip netns exec LIME iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec LIME nc -l 8080 > got.txt &
sleep 0.5
printf 'one\\ntwo\\n' | ip netns exec LEMON nc -N -i 1 -p 40001 10.10.10.2 8080 &
sleep 1.5
ip netns exec LIME conntrack -L -p tcp
sleep 1
ip netns exec LIME conntrack -L -p tcp
wait
`);
    expect(r.out).toBe(`tcp      6 431999 ESTABLISHED src=10.10.10.1 dst=10.10.10.2 sport=40001 dport=8080 src=10.10.10.2 dst=10.10.10.1 sport=8080 dport=40001 [ASSURED] mark=0 use=1
tcp      6 119 TIME_WAIT src=10.10.10.1 dst=10.10.10.2 sport=40001 dport=8080 src=10.10.10.2 dst=10.10.10.1 sport=8080 dport=40001 [ASSURED] mark=0 use=1
`);
    expect(r.files["got.txt"]).toBe("one\ntwo\n");
  });
});
