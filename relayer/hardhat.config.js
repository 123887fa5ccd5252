// Hardhat configuration for Trestle's local EVM chains (io.trestle.relayer.localchain.LocalChains).
// Each node process gets its chain id from TRESTLE_CHAIN_ID so that k nodes run side by side.
// Contracts are not compiled by hardhat (its compiler download needs the internet): scripts/compile.js
// compiles them with npm's solc, and Java deploys the artifacts.
const chainId = Number.parseInt(process.env.TRESTLE_CHAIN_ID || "31337", 10);

module.exports = {
  paths: {
    sources: "./src/main/solidity",
    cache: "./target/hardhat/cache",
    artifacts: "./target/hardhat/artifacts",
  },
  networks: {
    hardhat: {
      chainId,
      hardfork: "cancun",
      mining: { auto: true, interval: 0 },
      accounts: { count: 10, accountsBalance: "10000000000000000000000" },
      loggingEnabled: false,
    },
  },
};
