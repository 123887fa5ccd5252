// Compiles every .sol file under <sourceDir> and the extra source roots (e.g. the Solidity that
// abi-codegen generates from the .proto files; their files are named relative to their root, so
// "trestle/v1/Message.sol" is importable by that name) with npm's solc (solcjs, pinned in
// package-lock.json) and writes to <outDir>:
//  - one <ContractName>.json per contract, library and interface: {contractName, sourceName, kind,
//    abi, bytecode, deployedBytecode, solcVersion} (interfaces have bytecode "0x");
//  - solidity-types.json: every struct (members with solc's type strings, in order) and enum
//    (member names) declared at file level, from solc's AST, keyed by name.
// Warnings are printed; any error fails the build. Skipped when the sources and the compiler are
// unchanged since the last run (stamp file in outDir).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const [sourceDir, outDir, ...extraDirs] = process.argv.slice(2);
if (!sourceDir || !outDir) {
  console.error("usage: node scripts/compile.js <sourceDir> <outDir> [extraSourceDir...]");
  process.exit(2);
}
const roots = [sourceDir, ...extraDirs];

function listSources(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? listSources(p) : e.name.endsWith(".sol") ? [p] : [];
    })
    .sort();
}

const sources = {};
const hash = crypto.createHash("sha256").update(solc.version());
let files = 0;
for (const root of roots) {
  for (const f of fs.existsSync(root) ? listSources(root) : []) {
    const name = path.relative(root, f).split(path.sep).join("/");
    if (sources[name]) {
      console.error("two source files named " + name + " (in " + root + " and another root)");
      process.exit(1);
    }
    const content = fs.readFileSync(f, "utf8");
    sources[name] = { content };
    hash.update(name).update("\0").update(content).update("\0");
    files++;
  }
}
const digest = hash.digest("hex");
const stamp = path.join(outDir, ".sources.sha256");
if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === digest) {
  console.log("solidity artifacts up to date (" + files + " sources)");
  process.exit(0);
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: {
      "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"], "": ["ast"] },
    },
  },
};
function findImports(p) {
  for (const root of roots) {
    const full = path.join(root, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, "utf8") };
  }
  return { error: "not found: " + p };
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
  const kinds = {};
  for (const node of output.sources[sourceName].ast.nodes) {
    if (node.nodeType === "ContractDefinition") kinds[node.name] = node.contractKind;
  }
  for (const [contractName, c] of Object.entries(contracts)) {
    const artifact = {
      contractName,
      sourceName,
      kind: kinds[contractName],
      solcVersion: solc.version(),
      abi: c.abi,
      bytecode: "0x" + c.evm.bytecode.object,
      deployedBytecode: "0x" + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, contractName + ".json"), JSON.stringify(artifact, null, 1) + "\n");
    count++;
  }
}
const types = { structs: {}, enums: {} };
for (const [sourceName, source] of Object.entries(output.sources)) {
  for (const node of source.ast.nodes) {
    if (node.nodeType === "StructDefinition") {
      types.structs[node.name] = {
        sourceName,
        members: node.members.map((m) => ({ name: m.name, type: m.typeDescriptions.typeString })),
      };
    } else if (node.nodeType === "EnumDefinition") {
      types.enums[node.name] = { sourceName, members: node.members.map((m) => m.name) };
    }
  }
}
fs.writeFileSync(path.join(outDir, "solidity-types.json"), JSON.stringify(types, null, 1) + "\n");
fs.writeFileSync(stamp, digest + "\n");
console.log("compiled " + files + " sources into " + count + " artifacts with solc " + solc.version());
