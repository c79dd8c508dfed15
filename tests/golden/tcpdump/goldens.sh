#!/bin/bash
# Regenerates the expected outputs from the real tcpdump (run as root; a private empty
# network namespace keeps name lookups from leaving the machine; TZ=UTC as nfsim prints).
# print.txt: "$ tcpdump ARGS" then the stdout; filters.txt: the same, "! " before stderr
# lines after the "reading from file" line, and "[exit N]" when not 0.
set -e
cd "$(dirname "$0")"
NS=nfsim-golden-tcpdump-$$
ip netns add $NS
trap 'ip netns del $NS' EXIT
run() {
  echo "\$ tcpdump $*"
  set +e
  TZ=UTC ip netns exec $NS tcpdump "$@" 2>/tmp/$NS.err
  rc=$?
  set -e
  grep -v '^reading from file' /tmp/$NS.err | sed 's/^/! /' || true
  [ $rc = 0 ] || echo "[exit $rc]"
  echo
}
{
  for o in -n "" -e -nev -v -nvv -q -qe -nS -ntt -nttt -ntttt -nttttt -nt -nqv; do
    run $o -r real-a0.pcap
  done
  for o in -nx -nX -nxx -nXX -nA -nAA; do
    run $o -c 6 -r real-a0.pcap
  done
  for o in -n "" -e -nv -nvv -q -nX; do
    run $o -r crafted.pcap
  done
} > print.txt
{
  while IFS= read -r expr; do
    [ -n "$expr" ] && run -ntq -r crafted.pcap "$expr"
  done < filter-expressions.txt
} > filters.txt
