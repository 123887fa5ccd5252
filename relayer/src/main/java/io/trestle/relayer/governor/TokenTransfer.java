package io.trestle.relayer.governor;

import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The value a message moves, read from a TokenBridge payload: abi.encode(uint8 action, uint64
 * originChainId, address originToken, address to, uint256 amount) with action 1 (MINT) or 2
 * (RELEASE). Messages of other applications carry no value the governor knows of.
 *
 * @param originChainId chain where the token is native
 * @param originToken the native token's address there
 * @param amount amount in the token's base unit
 */
public record TokenTransfer(long originChainId, String originToken, BigInteger amount) {
  /** The transfer in {@code m}'s payload, or empty if the payload is not a token-bridge one. */
  public static Optional<TokenTransfer> of(GatewayMessage m) {
    byte[] p = m.payload();
    if (p.length != 5 * Abi.WORD) {
      return Optional.empty();
    }
    try {
      long action = Abi.readUint(p, 0, 8);
      if (action != 1 && action != 2) {
        return Optional.empty();
      }
      return Optional.of(
          new TokenTransfer(
              Abi.readUint64(p, Abi.WORD),
              GatewayMessage.toHex(Abi.readAddress(p, 2 * Abi.WORD)),
              new BigInteger(1, Abi.word(p, 4 * Abi.WORD))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
