package io.trestle.relayer.watch;

import java.time.Duration;

/**
 * Drives one {@link ChainWatcher} on its own daemon thread: polls at once while it advances
 * (catching up range by range), else sleeps {@code interval}. A failure of the sink is logged and
 * retried at the next poll; RPC failures are already absorbed by the watcher (health DEGRADED).
 * {@link #close()} stops the thread and waits for it.
 */
public final class WatcherLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WatcherLoop.class.getName());
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts polling {@code watcher}. */
  public WatcherLoop(String name, ChainWatcher watcher, Duration interval) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("watcher-" + name)
            .start(
                () -> {
                  while (running) {
                    boolean advanced = false;
                    try {
                      advanced = watcher.poll();
                    } catch (RuntimeException e) {
                      LOG.log(System.Logger.Level.WARNING, "watcher " + name + ": " + e);
                    }
                    if (!advanced) {
                      try {
                        Thread.sleep(interval);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }
                });
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
