package io.trestle.consensus.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder the tests control: {@link #block} cuts every connection through it and
 * refuses new ones (a network partition), {@link #unblock} heals. Two threads per connection.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean blocked;
  private volatile boolean closed;

  TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("proxy-accept-" + port()).start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket in = server.accept();
        if (blocked) {
          in.close();
          continue;
        }
        Socket out = new Socket();
        try {
          out.connect(target, 2_000);
        } catch (IOException e) {
          in.close();
          continue;
        }
        open.add(in);
        open.add(out);
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buf = new byte[64 << 10];
              try (InputStream i = from.getInputStream();
                  OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) >= 0) {
                  o.write(buf, 0, n);
                }
              } catch (IOException e) {
                // connection cut: close both sides below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  void block() {
    blocked = true;
    open.forEach(this::closeQuietly);
  }

  void unblock() {
    blocked = false;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    block();
    server.close();
  }
}
