// Reads lines "a<TAB>b" of ASCII-folded names, prints 1 where the Jaro-Winkler similarity of
// their token-sorted forms is at least 0.9, else 0: the fuzzy baseline a practitioner would
// otherwise use (tests/eval/names.sh). Jaro-Winkler as Winkler (1990) defines it: matches
// within half the longer length, transpositions halved, prefix bonus 0.1 per letter up to 4.
import { readFileSync } from "node:fs";
const kThreshold = 0.9;
function jaro(a, b) {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const ma = new Array(a.length).fill(false), mb = new Array(b.length).fill(false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (!mb[j] && a[i] === b[j]) { ma[i] = mb[j] = true; m++; break; }
    }
  }
  if (!m) return 0;
  let t = 0, k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  return (m / a.length + m / b.length + (m - t / 2) / m) / 3;
}
function jaroWinkler(a, b) {
  const j = jaro(a, b);
  let p = 0;
  while (p < Math.min(4, a.length, b.length) && a[p] === b[p]) p++;
  return j + p * 0.1 * (1 - j);
}
const sorted = (s) => s.split(/[^a-z0-9]+/).filter(Boolean).sort().join(" ");
const lines = readFileSync(0, "utf8").replace(/\n$/, "").split("\n");
console.log(lines.map((l) => {
  const [a = "", b = ""] = l.split("\t");
  const x = sorted(a), y = sorted(b);
  return x && y && jaroWinkler(x, y) >= kThreshold ? 1 : 0;
}).join("\n"));
