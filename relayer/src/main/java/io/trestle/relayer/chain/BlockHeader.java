package io.trestle.relayer.chain;

/**
 * What the watcher needs of a block to follow the chain and detect re-orgs.
 *
 * @param number block number
 * @param hash 0x-prefixed lower-case block hash
 * @param parentHash 0x-prefixed lower-case hash of the parent
 */
public record BlockHeader(long number, String hash, String parentHash) {}
