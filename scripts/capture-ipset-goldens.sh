#!/bin/sh
# Re-captures the golden transcripts tests/golden/ipset/NAME.json from the real ipset
# (and iptables), one private network namespace per case file tests/golden/ipset/cases/NAME.sh
# (ipsets are per network namespace). Needs root, `ip netns`, ipset 7.17 and iptables 1.8.9.
# Usage: scripts/capture-ipset-goldens.sh [NAME...]   (default: every case)
set -eu
cd "$(dirname "$0")/.."
exec npx --no-install tsx scripts/capture-ipset-goldens.ts "$@"
