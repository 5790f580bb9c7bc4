// Scores `normname tag` against the labelled sentences of tests/data/tagging/ (one file per
// language and script; one document per line, each mention marked [text|ID|case], ID ? for
// a mention the text leaves ambiguous). A found mention is right when its bytes are the
// gold mention's and it names the same entity (or both are ambiguous). Prints a Markdown
// set's tables for docs/tagging.md; with --errors, every miss and false find instead.
// Usage: node tagging.mjs NORMNAME GOLD_FILE... [--errors]
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const args = process.argv.slice(2);
const errors = args.includes('--errors');
const [nn, ...files] = args.filter(a => a !== '--errors');
const caseNames = { nom: 'nominative', gen: 'genitive', dat: 'dative', acc: 'accusative', ins: 'instrumental',
                    loc: 'locative', pre: 'prepositional', voc: 'vocative' };
const codeOf = c => {
  const first = (c || 'nominative').split(' ')[0];
  if (first === 'as') return 'nom';
  return Object.keys(caseNames).find(k => caseNames[k] === first) || 'nom';
};

const docs = [];
for (const file of files) {
  const lang = path.basename(file, '.txt');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    let text = '';
    const gold = [];
    const re = /\[([^|\]]+)\|([^|\]]+)\|([a-z]+)\]/g;
    let at = 0, m;
    while ((m = re.exec(line))) {
      text += line.slice(at, m.index);
      const begin = Buffer.byteLength(text);
      text += m[1];
      if (!caseNames[m[3]]) throw new Error(`${file}: unknown case ${m[3]} in ${line}`);
      gold.push({ begin, end: Buffer.byteLength(text), text: m[1], id: m[2], case: m[3] });
      at = re.lastIndex;
    }
    text += line.slice(at);
    if (/[\[\]|]/.test(text)) throw new Error(`${file}: stray markup in ${line}`);
    docs.push({ lang, text, gold });
  }
}
const run = spawnSync(nn, ['tag'], { input: docs.map(d => d.text).join('\n') + '\n', maxBuffer: 1 << 28 });
if (run.status !== 0) throw new Error(`normname tag failed: ${run.stderr}`);
const out = run.stdout.toString().trim().split('\n').map(l => JSON.parse(l).mentions);
if (out.length !== docs.length) throw new Error('normname tag did not give one line per document');

const cells = new Map();  // "lang\tcase" -> {tp, fp, fn}
const cell = (lang, c) => {
  const k = `${lang}\t${c}`;
  if (!cells.has(k)) cells.set(k, { tp: 0, fp: 0, fn: 0, spans: 0 });
  return cells.get(k);
};
const report = [];
docs.forEach((d, i) => {
  const found = out[i].map(m => ({ ...m, label: m.ambiguous || !m.id ? '?' : m.id }));
  const used = new Set();
  for (const g of d.gold) {
    const c = cell(d.lang, g.case);
    c.spans++;
    const j = found.findIndex((f, k) => !used.has(k) && f.begin === g.begin && f.end === g.end && f.label === g.id);
    if (j >= 0) {
      used.add(j);
      c.tp++;
    } else {
      c.fn++;
      const near = found.find(f => f.begin < g.end && g.begin < f.end);
      report.push(`${d.lang}\tmissed\t${g.text} = ${g.id} (${g.case})` + (near ? `\tfound: ${near.text} = ${near.label}` : '') + `\t${d.text}`);
    }
  }
  found.forEach((f, k) => {
    if (used.has(k)) return;
    const g = d.gold.find(x => f.begin < x.end && x.begin < f.end);
    cell(d.lang, g ? g.case : codeOf(f.case)).fp++;
    report.push(`${d.lang}\tfalse\t${f.text} = ${f.label} (${f.case})\t${d.text}`);
  });
});
if (errors) {
  console.log(report.join('\n'));
  process.exit(0);
}

const prf = ({ tp, fp, fn }) => {
  const p = tp + fp ? tp / (tp + fp) : 1, r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f: p + r ? 2 * p * r / (p + r) : 0 };
};
const sum = list => list.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, spans: a.spans + c.spans }),
                                { tp: 0, fp: 0, fn: 0, spans: 0 });
const row = (name, c) => {
  const { p, r, f } = prf(c);
  return `| ${name} | ${c.spans} | ${p.toFixed(3)} | ${r.toFixed(3)} | ${f.toFixed(3)} |`;
};
const langs = [...new Set(docs.map(d => d.lang))];
const lines = [];
lines.push(`${docs.length} documents with ${sum([...cells.values()]).spans} gold mentions.`);
lines.push('');
lines.push('| set | gold mentions | precision | recall | F1 |');
lines.push('|---|---|---|---|---|');
lines.push(row('all', sum([...cells.values()])));
for (const l of langs) lines.push(row(l, sum([...cells.entries()].filter(([k]) => k.startsWith(l + '\t')).map(([, v]) => v))));
lines.push('');
lines.push('| language, case | gold mentions | precision | recall | F1 |');
lines.push('|---|---|---|---|---|');
for (const l of langs) {
  for (const c of Object.keys(caseNames)) {
    const v = cells.get(`${l}\t${c}`);
    if (v) lines.push(row(`${l}, ${caseNames[c]}`, v));
  }
}
console.log(lines.join('\n'));
