// `node --expose-gc --import tsx bench/conntrack-only.ts [entries] [rounds]`: the conntrack
// part of `npm run bench` alone, with a table size of your choice.
import { conntrackBench } from "./conntrack.ts";

const entries = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 2);
const r = conntrackBench(entries, rounds);
console.log(JSON.stringify(r, undefined, 1));
