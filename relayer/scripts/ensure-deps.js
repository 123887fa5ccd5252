// Installs the pinned npm packages (package-lock.json) with `npm ci`, unless node_modules already
// holds exactly that lock file's install: the SHA-256 of the lock file is kept in
// node_modules/.trestle-lock.sha256 after a successful install, so warm rebuilds cost nothing.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const lock = path.join(root, "package-lock.json");
const stamp = path.join(root, "node_modules", ".trestle-lock.sha256");
const digest = crypto.createHash("sha256").update(fs.readFileSync(lock)).digest("hex");

if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === digest) {
  console.log("npm packages up to date (" + digest.slice(0, 12) + ")");
  process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
});
if (result.status !== 0) {
  console.error("npm ci failed with status " + result.status);
  process.exit(result.status === null ? 1 : result.status);
}
fs.writeFileSync(stamp, digest + "\n");
