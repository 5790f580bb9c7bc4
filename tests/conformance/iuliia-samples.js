// Prints the reference samples of the iuliia package as TSV: schema <TAB> cyrillic <TAB> latin.
// Usage: node iuliia-samples.js NODE_MODULES_DIR
const path = require("path");
const dir = path.join(process.argv[2], "iuliia", "dist", "cjs", "generated");
const fs = require("fs");
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".js") && !f.startsWith("_") && f !== "TransliterationSchema.js")) {
  const schema = require(path.join(dir, file)).default;
  for (const [cyr, lat] of schema.samples || []) console.log(`${schema.name}\t${cyr}\t${lat}`);
}
