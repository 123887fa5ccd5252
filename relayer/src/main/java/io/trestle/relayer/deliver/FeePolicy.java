package io.trestle.relayer.deliver;

import java.math.BigInteger;

/**
 * EIP-1559 fee bounds of one chain: the first offer is priority = min(suggested, cap) and maxFee =
 * min(2 × baseFee + priority, cap); each re-submission raises both by {@code bumpPercent} (at least
 * 10, the replacement rule of geth and hardhat), never above the caps.
 *
 * @param maxFeePerGasCap wei
 * @param maxPriorityFeePerGasCap wei
 * @param bumpPercent percent added per re-submission
 */
public record FeePolicy(
    BigInteger maxFeePerGasCap, BigInteger maxPriorityFeePerGasCap, int bumpPercent) {
  /**
   * @throws IllegalArgumentException on a bump below 10% or caps that cannot hold
   */
  public FeePolicy {
    if (bumpPercent < 10) {
      throw new IllegalArgumentException("bumpPercent must be >= 10");
    }
    if (maxPriorityFeePerGasCap.compareTo(maxFeePerGasCap) > 0) {
      throw new IllegalArgumentException("priority cap above fee cap");
    }
  }

  /** Fees of one offer. */
  public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {}

  /** The first offer given the latest base fee and the node's priority suggestion. */
  public Fees initial(BigInteger baseFee, BigInteger suggestedPriority) {
    BigInteger priority = suggestedPriority.min(maxPriorityFeePerGasCap);
    BigInteger max = baseFee.shiftLeft(1).add(priority).min(maxFeePerGasCap);
    return new Fees(max, priority.min(max));
  }

  /** The next offer, or the same fees if both are already at their caps. */
  public Fees bump(Fees f) {
    BigInteger factor = BigInteger.valueOf(100L + bumpPercent);
    BigInteger hundred = BigInteger.valueOf(100);
    BigInteger max = f.maxFeePerGas().multiply(factor).add(BigInteger.valueOf(99)).divide(hundred);
    BigInteger prio =
        f.maxPriorityFeePerGas().multiply(factor).add(BigInteger.valueOf(99)).divide(hundred);
    max = max.min(maxFeePerGasCap);
    prio = prio.min(maxPriorityFeePerGasCap).min(max);
    return new Fees(max, prio);
  }

  /** True if a re-submission at {@code next} would be accepted as a replacement of {@code prev}. */
  public boolean isReplacement(Fees prev, Fees next) {
    BigInteger factor = BigInteger.valueOf(110);
    BigInteger hundred = BigInteger.valueOf(100);
    return next.maxFeePerGas().multiply(hundred).compareTo(prev.maxFeePerGas().multiply(factor))
            >= 0
        && next.maxPriorityFeePerGas()
                .multiply(hundred)
                .compareTo(prev.maxPriorityFeePerGas().multiply(factor))
            >= 0;
  }
}
