package io.trestle.db;

import java.util.HexFormat;

/**
 * A block was committed at a height that already holds a different block: two commits at one
 * height, which consensus safety excludes. Nothing was written; retrying cannot help.
 */
public final class ConflictingBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictingBlockException(long height, byte[] stored, byte[] offered) {
    super(
        "block at height "
            + height
            + " is stored as 0x"
            + HexFormat.of().formatHex(stored)
            + ", refusing 0x"
            + HexFormat.of().formatHex(offered));
  }
}
