// Romanizes words with every schema of the iuliia package: schema <TAB> word <TAB> Latin.
// Usage: node iuliia-romanize.js NODE_MODULES_DIR < words.txt
const path = require("path");
const fs = require("fs");
const iuliia = require(path.join(process.argv[2], "iuliia"));
const words = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
for (const schema of iuliia.Schemas.values()) {
  for (const w of words) console.log(`${schema.name}\t${w}\t${iuliia.translate(w, schema)}`);
}
