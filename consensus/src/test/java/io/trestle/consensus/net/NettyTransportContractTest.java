package io.trestle.consensus.net;

import java.util.ArrayList;
import java.util.List;

class NettyTransportContractTest extends TransportContract {
  private final List<NettyTransport> all = new ArrayList<>();

  @Override
  List<Transport> create(int n) throws Exception {
    LoopbackCommittee c = LoopbackCommittee.of(n);
    for (int i = 0; i < n; i++) {
      all.add(c.transport(i, NettyTransport.Options.defaults()));
    }
    return new ArrayList<>(all);
  }

  @Override
  void kill(int i) {
    all.get(i).close();
  }

  @Override
  void destroy() {
    all.forEach(NettyTransport::close);
  }
}
