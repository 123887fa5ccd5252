package io.trestle.consensus.net;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the relayer's one Ed25519 identity on both sides of a handshake. The JSSE asks for a key
 * of the type its chosen signature scheme needs ("EdDSA" or "Ed25519" for RFC 8446 §4.2.3 {@code
 * ed25519}); any other type gets no alias, so the handshake can only use ed25519.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "identity";
  private final Ed25519Identity identity;

  IdentityKeyManager(Ed25519Identity identity) {
    this.identity = identity;
  }

  private static boolean edDsa(String keyType) {
    return "EdDSA".equalsIgnoreCase(keyType) || "Ed25519".equalsIgnoreCase(keyType);
  }

  private static String choose(String[] keyTypes) {
    if (keyTypes != null) {
      for (String t : keyTypes) {
        if (edDsa(t)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return edDsa(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return edDsa(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return edDsa(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return edDsa(keyType) ? ALIAS : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? new X509Certificate[] {identity.certificate()} : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? identity.privateKey() : null;
  }
}
