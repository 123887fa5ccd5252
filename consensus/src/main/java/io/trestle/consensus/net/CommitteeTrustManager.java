package io.trestle.consensus.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a TLS peer only if the Ed25519 key of its (self-signed, single) certificate is a member
 * of the committee of the current or next epoch, as answered by {@code isMember} at handshake time.
 * CA chains, names and dates are ignored: the key pin is the whole trust decision. Every refusal
 * throws {@link CertificateException} (the handshake fails with a fatal alert) and is counted.
 *
 * <p>Thread-safe; called by the JSSE on Netty event-loop threads.
 */
public final class CommitteeTrustManager extends X509ExtendedTrustManager {
  private final Predicate<byte[]> isMember;
  private final LongAdder refused;

  /**
   * @param isMember whether a 32-byte raw Ed25519 key belongs to the current or next committee
   * @param refused incremented once per refused peer
   */
  public CommitteeTrustManager(Predicate<byte[]> isMember, LongAdder refused) {
    this.isMember = isMember;
    this.refused = refused;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    try {
      if (chain == null || chain.length != 1) {
        throw new CertificateException("expected one self-signed certificate");
      }
      byte[] key;
      try {
        key = Ed25519Identity.rawPublicKey(chain[0].getPublicKey());
      } catch (IllegalArgumentException e) {
        throw new CertificateException(e.getMessage(), e);
      }
      Ed25519Identity.verifySelfSigned(chain[0]);
      if (!isMember.test(key)) {
        throw new CertificateException("peer key is not in the committee");
      }
    } catch (CertificateException e) {
      refused.increment();
      throw e;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
