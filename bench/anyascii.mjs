// In-process peer of bench/run.sh: the any-ascii npm package (a flat table per code point)
// over every line of a file, lower-cased as normname's key is, timed in Node after a
// warm-up pass; the best of three passes. Prints names per second.
// Usage: node bench/anyascii.mjs NODE_MODULES_DIR FILE
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { default: anyAscii } = await import(pathToFileURL(path.join(process.argv[2], 'any-ascii', 'any-ascii.js')).href);
const lines = fs.readFileSync(process.argv[3], 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
let sink = 0;
for (const l of lines) sink += anyAscii(l).length;  // warm-up: the JIT and the tables
let best = Infinity;
for (let round = 0; round < 3; round++) {
  const start = process.hrtime.bigint();
  for (const l of lines) sink += anyAscii(l).toLowerCase().length;
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(`${Math.round(lines.length / best)}\t${sink}\n`);
