// Reads lines of text, prints for each the Double Metaphone primary codes of its words,
// joined by spaces (baseline 2 of tests/eval/names.sh). Usage: node metaphone.mjs NODE_MODULES_DIR
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
const mod = await import(pathToFileURL(path.join(path.resolve(process.argv[2]), "double-metaphone", "index.js")).href);
const doubleMetaphone = mod.doubleMetaphone;
const lines = readFileSync(0, "utf8").replace(/\n$/, "").split("\n");
console.log(lines.map((l) => l.split(/[^a-z0-9]+/).filter(Boolean).map((w) => doubleMetaphone(w)[0]).join(" ")).join("\n"));
