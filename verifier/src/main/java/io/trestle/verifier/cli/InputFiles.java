package io.trestle.verifier.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/** Reading input files: size-capped, with ABI encodings accepted as binary or as hex text. */
final class InputFiles {
  /** Largest input file: a proof or committee is at most a few hundred KiB. */
  static final int MAX_BYTES = 16 << 20;

  private InputFiles() {}

  static byte[] read(String name, String what) throws BadInputException {
    // java.io rather than Files.newInputStream: the NIO channel classes it needs (about 25, with
    // a direct buffer cache) are otherwise not used by a one-shot CLI run.
    File f = new File(name);
    try (InputStream in = new FileInputStream(f)) {
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw new BadInputException(what + " " + name + " is larger than " + MAX_BYTES + " bytes");
      }
      return b;
    } catch (FileNotFoundException e) {
      if (!f.exists()) {
        throw new BadInputException(what + " " + name + " does not exist", e);
      }
      throw new BadInputException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ABI bytes a file holds: if the whole file is hex text (optionally {@code 0x}-prefixed,
   * surrounding whitespace ignored) its decoding, otherwise the file itself. An ABI encoding always
   * contains bytes that are not hex digits (its first word starts with zero bytes), so the two
   * cannot be confused.
   */
  static byte[] abiBytes(byte[] file) {
    String text = asciiOrNull(file);
    if (text == null) {
      return file;
    }
    String t = text.strip();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    if (t.isEmpty() || !HexFormat.isHexDigit(t.charAt(0))) {
      return file;
    }
    byte[] b = Hex.decodeOrNull(t);
    return b == null ? file : b;
  }

  private static String asciiOrNull(byte[] file) {
    char[] c = new char[file.length];
    for (int i = 0; i < file.length; i++) {
      int b = file[i] & 0xff;
      if (b == 0 || b > 0x7e) {
        return null;
      }
      c[i] = (char) b;
    }
    return new String(c);
  }
}
