#!/bin/sh
# Re-captures the golden transcripts tests/golden/iptables/NAME.json from the real
# iptables, one private network namespace per case file tests/golden/iptables/cases/NAME.sh.
# Needs root, `ip netns` and the iptables the transcripts mirror (1.8.9, nf_tables).
# Usage: scripts/capture-iptables-goldens.sh [NAME...]   (default: every case)
set -eu
cd "$(dirname "$0")/.."
exec npx --no-install tsx scripts/capture-iptables-goldens.ts "$@"
