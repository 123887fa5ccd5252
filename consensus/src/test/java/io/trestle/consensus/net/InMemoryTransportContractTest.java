package io.trestle.consensus.net;

import java.util.ArrayList;
import java.util.List;

class InMemoryTransportContractTest extends TransportContract {
  private InMemoryNetwork net;

  @Override
  List<Transport> create(int n) {
    net = new InMemoryNetwork(n, 4096);
    List<Transport> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(net.endpoint(i));
    }
    return all;
  }

  @Override
  void kill(int i) {
    net.kill(i);
  }

  @Override
  void destroy() {
    net.close();
  }
}
