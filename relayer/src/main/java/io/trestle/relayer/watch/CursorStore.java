package io.trestle.relayer.watch;

import java.util.Optional;

/**
 * Durable storage of watcher cursors, one per chain. {@link #save} returns only once the cursor
 * survives a crash; {@link #load} then returns the last saved value exactly.
 */
public interface CursorStore {
  /** The last saved cursor of {@code chainId}, if any. */
  Optional<Cursor> load(long chainId);

  /** Saves durably. @throws java.io.UncheckedIOException if it could not */
  void save(long chainId, Cursor cursor);
}
