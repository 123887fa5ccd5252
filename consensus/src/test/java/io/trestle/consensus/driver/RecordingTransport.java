package io.trestle.consensus.driver;

import io.trestle.consensus.net.Transport;
import io.trestle.proto.v1.Envelope;
import java.util.function.Consumer;

/** A transport that shows every outgoing envelope to {@code tap} before passing it on. */
final class RecordingTransport implements Transport {
  private final Transport delegate;
  private final Consumer<Envelope> tap;

  RecordingTransport(Transport delegate, Consumer<Envelope> tap) {
    this.delegate = delegate;
    this.tap = tap;
  }

  @Override
  public int self() {
    return delegate.self();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public void start(InboundHandler handler) {
    delegate.start(handler);
  }

  @Override
  public void send(int peer, Envelope message) {
    tap.accept(message);
    delegate.send(peer, message);
  }

  @Override
  public void broadcast(Envelope message) {
    tap.accept(message);
    delegate.broadcast(message);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
