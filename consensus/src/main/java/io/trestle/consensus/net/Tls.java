package io.trestle.consensus.net;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * JDK (SunJSSE) TLS 1.3 contexts for relayer links: mutual authentication, the relayer's Ed25519
 * identity certificate on both sides, peers pinned to the committee by {@link
 * CommitteeTrustManager}, signature scheme {@code ed25519} only (RFC 8446 §4.2.3).
 */
public final class Tls {
  private final SSLContext context;

  /**
   * @param identity this relayer's key and certificate
   * @param isMember whether a raw Ed25519 key is in the current or next committee
   * @param refused counts peers refused at the handshake
   */
  public Tls(Ed25519Identity identity, Predicate<byte[]> isMember, LongAdder refused) {
    try {
      context = SSLContext.getInstance("TLSv1.3");
      context.init(
          new KeyManager[] {new IdentityKeyManager(identity)},
          new TrustManager[] {new CommitteeTrustManager(isMember, refused)},
          new SecureRandom());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks TLS 1.3", e);
    }
  }

  /** A fresh engine for one connection; {@code client} is true on the dialing side. */
  public SSLEngine newEngine(boolean client) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(client);
    SSLParameters p = engine.getSSLParameters();
    p.setProtocols(new String[] {"TLSv1.3"});
    p.setSignatureSchemes(new String[] {"ed25519"});
    if (!client) {
      p.setNeedClientAuth(true);
    }
    engine.setSSLParameters(p);
    return engine;
  }
}
