package io.trestle.consensus.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** n identities and free loopback endpoints: the ingredients of a Netty committee in tests. */
record LoopbackCommittee(List<Ed25519Identity> identities, List<InetSocketAddress> endpoints) {

  static LoopbackCommittee of(int n) throws IOException {
    List<Ed25519Identity> ids = new ArrayList<>();
    List<InetSocketAddress> eps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Ed25519Identity.generate());
      eps.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
    }
    return new LoopbackCommittee(ids, eps);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  List<byte[]> keys() {
    return identities.stream().map(Ed25519Identity::rawPublicKey).toList();
  }

  NettyTransport transport(int i, NettyTransport.Options options) {
    return new NettyTransport(i, endpoints, keys(), identities.get(i), options);
  }
}
