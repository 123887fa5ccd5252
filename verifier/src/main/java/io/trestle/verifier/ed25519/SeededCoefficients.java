package io.trestle.verifier.ed25519;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch coefficients that whoever chooses the signatures cannot predict, without a {@link
 * SecureRandom} per process start: a 32-byte process secret read once from the operating system
 * ({@code /dev/urandom}; a default {@link SecureRandom} where there is none), expanded per call as
 * block j = SHA-512 ({@link Sha512}) of (secret || call number || transcript || j), where the
 * transcript is the caller's digest of the batch. The call number never repeats within a process,
 * so no two calls share coefficients; the output is as unpredictable as the secret. Thread-safe.
 */
final class SeededCoefficients {
  private static final String DEVICE = "/dev/urandom";
  private static final AtomicLong CALLS = new AtomicLong();

  private SeededCoefficients() {}

  /** Read on first use, not at class initialisation of the verifier. */
  private static final class Secret {
    static final byte[] VALUE = read();

    private static byte[] read() {
      byte[] secret = new byte[32];
      try (InputStream in = new FileInputStream(DEVICE)) {
        if (in.readNBytes(secret, 0, 32) == 32) {
          return secret;
        }
      } catch (IOException | SecurityException e) {
        // No /dev/urandom (not a Unix-like system, or not readable): the platform's SecureRandom.
      }
      new SecureRandom().nextBytes(secret);
      return secret;
    }
  }

  /** {@code length} pseudo-random bytes for one call, bound to {@code transcript}. */
  static byte[] next(int length, byte[] transcript) {
    long call = CALLS.getAndIncrement();
    Sha512 sha = new Sha512();
    byte[] out = new byte[length];
    byte[] counters = new byte[16];
    for (int i = 0; i < 8; i++) {
      counters[i] = (byte) (call >>> (8 * i));
    }
    for (int block = 0; block * 64 < length; block++) {
      for (int i = 0; i < 8; i++) {
        counters[8 + i] = (byte) ((long) block >>> (8 * i));
      }
      sha.update(Secret.VALUE);
      sha.update(counters);
      sha.update(transcript);
      byte[] digest = sha.digest();
      System.arraycopy(digest, 0, out, block * 64, Math.min(64, length - block * 64));
    }
    return out;
  }
}
