// Compiles every .sol file under <sourceDir> with npm's solc (solcjs, pinned in package-lock.json)
// and writes one <ContractName>.json per contract to <outDir>: {contractName, sourceName, abi,
// bytecode, deployedBytecode, solcVersion}. Warnings are printed; any error fails the build.
// Skipped when the sources and the compiler are unchanged since the last run (stamp file in outDir).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const [sourceDir, outDir] = process.argv.slice(2);
if (!sourceDir || !outDir) {
  console.error("usage: node scripts/compile.js <sourceDir> <outDir>");
  process.exit(2);
}

function listSources(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? listSources(p) : e.name.endsWith(".sol") ? [p] : [];
    })
    .sort();
}

const files = listSources(sourceDir);
const sources = {};
const hash = crypto.createHash("sha256").update(solc.version());
for (const f of files) {
  const name = path.relative(sourceDir, f).split(path.sep).join("/");
  const content = fs.readFileSync(f, "utf8");
  sources[name] = { content };
  hash.update(name).update("\0").update(content).update("\0");
}
const digest = hash.digest("hex");
const stamp = path.join(outDir, ".sources.sha256");
if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === digest) {
  console.log("solidity artifacts up to date (" + files.length + " sources)");
  process.exit(0);
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
function findImports(p) {
  const full = path.join(sourceDir, p);
  return fs.existsSync(full) ? { contents: fs.readFileSync(full, "utf8") } : { error: "not found: " + p };
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of output.errors || []) {
  console.error(e.formattedMessage || e.message);
  if (e.severity === "error") failed = true;
}
if (failed) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const [sourceName, contracts] of Object.entries(output.contracts || {})) {
  for (const [contractName, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts
    const artifact = {
      contractName,
      sourceName,
      solcVersion: solc.version(),
      abi: c.abi,
      bytecode: "0x" + c.evm.bytecode.object,
      deployedBytecode: "0x" + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, contractName + ".json"), JSON.stringify(artifact, null, 1) + "\n");
    count++;
  }
}
fs.writeFileSync(stamp, digest + "\n");
console.log("compiled " + files.length + " sources into " + count + " artifacts with solc " + solc.version());
