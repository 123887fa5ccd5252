package io.trestle.abi.runtime;

/**
 * Rejection of an ABI encoding by a generated decoder: the input is truncated, carries trailing
 * bytes, has non-canonical padding or offsets, an out-of-range integer, an invalid enum value or
 * UTF-8 string, or a length larger than the remaining input.
 *
 * <p>Decoders face attacker-controlled bytes: this is the only exception they throw for bad input,
 * and it is thrown before any allocation proportional to a claimed (unchecked) length.
 */
public final class AbiDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Byte position in the input where the problem was found. */
  private final int position;

  /**
   * @param position byte offset in the decoded input
   * @param message what is wrong, naming the struct field
   */
  public AbiDecodeException(int position, String message) {
    super(message + " (at byte " + position + ")");
    this.position = position;
  }

  /** Byte offset in the decoded input where decoding failed. */
  public int position() {
    return position;
  }
}
