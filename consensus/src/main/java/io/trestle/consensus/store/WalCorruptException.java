package io.trestle.consensus.store;

/** A log file is damaged in a way a crash cannot explain; the node must not start on it. */
public final class WalCorruptException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient WalDamage.Corrupt damage;

  public WalCorruptException(String file, WalDamage.Corrupt damage) {
    super(file + ": corrupt record at offset " + damage.offset() + ": " + damage.reason());
    this.damage = damage;
  }

  public WalDamage.Corrupt damage() {
    return damage;
  }
}
