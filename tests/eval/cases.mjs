// Declines the Russian forms of the development set's people with the npm package
// petrovich (an outside implementation of Russian name declension), for tests/eval/cases.sh.
// Input lines: id <TAB> gender (male|female) <TAB> Russian form (first [middle] last).
// Output lines: id <TAB> gender <TAB> case <TAB> form <TAB> declined spelling, where form is
// "full" (as given), "first-last" (without the middle name) or "last" (the family name alone).
import { createRequire } from 'module';
import readline from 'readline';
const require = createRequire(import.meta.url);
const petrovich = require(process.argv[2] + '/petrovich');
const cases = ['genitive', 'dative', 'accusative', 'instrumental', 'prepositional'];
const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  const [id, gender, name] = line.split('\t');
  const words = name.split(' ');
  if (words.length < 2 || words.length > 3) continue;
  const person = { gender, first: words[0], last: words[words.length - 1] };
  if (words.length === 3) person.middle = words[1];
  for (const c of cases) {
    const d = petrovich({ ...person }, c);
    const out = (form, text) => console.log([id, gender, c, form, text].join('\t'));
    if (d.middle) out('full', `${d.first} ${d.middle} ${d.last}`);
    out('first-last', `${d.first} ${d.last}`);
    out('last', d.last);
  }
}
