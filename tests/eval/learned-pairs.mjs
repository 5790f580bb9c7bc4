// Builds the token-pair set of tests/eval/learned.sh from the development slice of the
// Wikidata dictionary, reproducibly (no randomness: fixed strides).
// Input on stdin, one line per dictionary pair: latin <TAB> cyrillic <TAB> latin folded to
// ASCII <TAB> the cyrillic's BGN/PCGN romanization folded to ASCII (lower case).
// Output lines: kind <TAB> subset <TAB> latin <TAB> cyrillic, where kind is
//   pos     the pair itself;
//   hard    the latin token with another entry's Cyrillic token whose romanization is one or
//           two edits from the latin token (at most kHardPerToken per token, nearest first),
//           and that is not the token's own Cyrillic up to ё/е or a gender ending;
//   random  the latin token with the Cyrillic token kStride entries on (the same exclusion);
// and subset is "slavic" when the true Cyrillic token ends as Slavic surnames and
// patronymics do (kSlavic), else "other".
import { readFileSync } from "node:fs";

const kHardPerToken = 2;
const kStride = 7919;  // a prime: the random partner of entry i is entry (i + kStride) mod n
const kSlavic = /(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|ой|ич|вна|енко|ук|юк|ак)$/;

const rows = readFileSync(0, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
// One name up to ё/е and a gender ending: Смирнов, Смирнова and Смирнёв are one.
const base = (c) => c.replace(/ё/g, "е").replace(/(ая|ой|ий|ый|а|я)$/, "");
const same = (a, b) => base(a) === base(b);

function distance(a, b, cap) {  // Levenshtein, or cap + 1 when above cap
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}

// Every string one or two deletions from s (with s itself): two words within two edits
// share one of these.
function deletions(s) {
  const out = new Set([s]);
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1);
    out.add(d);
    for (let j = 0; j < d.length; j++) out.add(d.slice(0, j) + d.slice(j + 1));
  }
  return out;
}
const index = new Map();
rows.forEach(([, , , rom], i) => {
  for (const d of deletions(rom)) {
    if (!index.has(d)) index.set(d, []);
    index.get(d).push(i);
  }
});

const out = [];
rows.forEach(([lat, cyr, fold], i) => {
  const subset = kSlavic.test(cyr) ? "slavic" : "other";
  out.push(["pos", subset, lat, cyr].join("\t"));
  const near = new Map();
  for (const d of deletions(fold)) {
    for (const j of index.get(d) || []) {
      if (near.has(j) || same(rows[j][1], cyr)) continue;
      const e = distance(fold, rows[j][3], 2);
      if (e >= 1 && e <= 2) near.set(j, e);
    }
  }
  [...near.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, kHardPerToken)
    .forEach(([j]) => out.push(["hard", subset, lat, rows[j][1]].join("\t")));
  for (let k = 1; k < rows.length; k++) {
    const j = (i + k * kStride) % rows.length;
    if (!same(rows[j][1], cyr)) {
      out.push(["random", subset, lat, rows[j][1]].join("\t"));
      break;
    }
  }
});
process.stdout.write(out.join("\n") + "\n");
