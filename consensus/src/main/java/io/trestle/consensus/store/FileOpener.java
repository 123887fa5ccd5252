package io.trestle.consensus.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a log file for reading and appending; tests substitute a fault-injecting channel. */
@FunctionalInterface
public interface FileOpener {
  FileChannel open(Path file) throws IOException;

  /** The real file system: read, write, create. */
  FileOpener DEFAULT =
      file ->
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
}
