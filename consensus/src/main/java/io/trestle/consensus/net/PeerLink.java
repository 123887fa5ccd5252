package io.trestle.consensus.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.trestle.proto.v1.Envelope;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The outbound side of the link to one peer: a bounded queue (drop-oldest when full, counted: for
 * consensus the newest message supersedes older ones) drained into the connection while Netty
 * reports it writable, and a dialer that reconnects with exponential back-off and full jitter.
 *
 * <p>{@link #enqueue} is called from any thread and never blocks; everything else runs on the
 * link's event loop.
 */
final class PeerLink {
  private final int peer;
  private final InetSocketAddress address;
  private final Bootstrap bootstrap;
  private final Consumer<Channel> pipeline;
  private final EventLoop loop;
  private final int capacity;
  private final long minBackoffMs;
  private final long maxBackoffMs;
  private final NetStats stats;
  private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
  private boolean flushScheduled; // guarded by queue
  private Channel channel; // event loop only
  private int attempt; // event loop only
  private volatile boolean closed;

  PeerLink(
      int peer,
      InetSocketAddress address,
      Bootstrap bootstrap,
      Consumer<Channel> pipeline,
      EventLoop loop,
      int capacity,
      long minBackoffMs,
      long maxBackoffMs,
      NetStats stats) {
    this.peer = peer;
    this.address = address;
    this.bootstrap = bootstrap;
    this.pipeline = pipeline;
    this.loop = loop;
    this.capacity = capacity;
    this.minBackoffMs = minBackoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.stats = stats;
  }

  int peer() {
    return peer;
  }

  void start() {
    loop.execute(this::connect);
  }

  void enqueue(Envelope message) {
    boolean schedule;
    synchronized (queue) {
      if (queue.size() >= capacity) {
        queue.pollFirst();
        stats.droppedOutbound.increment();
      }
      queue.addLast(message);
      schedule = !flushScheduled;
      flushScheduled = true;
    }
    if (schedule && !closed) {
      try {
        loop.execute(this::flush);
      } catch (RejectedExecutionException e) {
        // The transport is shutting down: the message is dropped like any other on close.
      }
    }
  }

  /** Number of queued, unsent messages. */
  int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void flush() {
    synchronized (queue) {
      flushScheduled = false;
    }
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    boolean wrote = false;
    while (ch.isWritable()) {
      Envelope next;
      synchronized (queue) {
        next = queue.pollFirst();
      }
      if (next == null) {
        break;
      }
      ch.write(next, ch.voidPromise());
      wrote = true;
    }
    if (wrote) {
      ch.flush();
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    ChannelFuture f =
        bootstrap
            .clone()
            .handler(
                new io.netty.channel.ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    pipeline.accept(ch);
                    ch.pipeline().addLast("link", new LinkEvents());
                  }
                })
            .connect(address);
    f.addListener(
        (ChannelFuture done) -> {
          if (!done.isSuccess()) {
            scheduleReconnect();
          } else {
            done.channel().closeFuture().addListener(c -> onClosed(done.channel()));
          }
        });
  }

  private void onClosed(Channel ch) {
    if (channel == ch) {
      channel = null;
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    long ceiling = Math.min(maxBackoffMs, minBackoffMs << Math.min(attempt, 20));
    attempt++;
    long delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  void close() {
    closed = true;
    synchronized (queue) {
      queue.clear();
    }
    try {
      loop.execute(
          () -> {
            if (channel != null) {
              channel.close();
            }
          });
    } catch (RejectedExecutionException e) {
      // Event loop already stopped: its channels are closed with it.
    }
  }

  /** Sits at the tail of the dialed pipeline: learns when the link is usable or drained. */
  private final class LinkEvents extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof SslHandshakeCompletionEvent done
          && done.isSuccess()
          && ctx.channel().hasAttr(PeerAuthenticator.PEER)) {
        channel = ctx.channel();
        attempt = 0;
        stats.connects.increment();
        flush();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
      if (ctx.channel().isWritable()) {
        flush();
      }
      super.channelWritabilityChanged(ctx);
    }
  }
}
