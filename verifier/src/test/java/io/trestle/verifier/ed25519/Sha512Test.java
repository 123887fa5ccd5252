package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Our SHA-512 against the JDK's, every length 0..700 split at random points, and FIPS "abc". */
class Sha512Test {
  @Test
  void matchesTheJdk() throws Exception {
    SplittableRandom random = new SplittableRandom(180_4);
    MessageDigest jdk = MessageDigest.getInstance("SHA-512");
    Sha512 ours = new Sha512();
    for (int len = 0; len <= 700; len++) {
      byte[] m = new byte[len];
      random.nextBytes(m);
      int a = random.nextInt(len + 1);
      int b = a + random.nextInt(len - a + 1);
      ours.update(m, 0, a).update(m, a, b - a).update(m, b, len - b);
      assertArrayEquals(jdk.digest(m), ours.digest(), "length " + len);
    }
  }

  @Test
  void fips180Abc() {
    assertArrayEquals(
        HexFormat.of()
            .parseHex(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                    + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        new Sha512().update(new byte[] {'a', 'b', 'c'}).digest());
  }
}
