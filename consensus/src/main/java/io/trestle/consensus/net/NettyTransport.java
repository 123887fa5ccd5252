package io.trestle.consensus.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.trestle.proto.v1.Envelope;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} over TCP with Netty: each member listens on its endpoint and dials every other
 * member; a dialed connection carries this node's messages to that peer, an accepted one carries
 * the peer's messages to this node. Every connection is TLS 1.3 with both sides pinned to the
 * committee (see {@link Tls}); frames are capped (see {@link CappedFrameDecoder}).
 *
 * <p>Per peer, a bounded queue feeds the connection only while Netty reports it writable (its
 * outbound buffer is under the high water mark), so a slow or dead peer fills its own queue and
 * loses its oldest messages; sending to the others is unaffected.
 */
public final class NettyTransport implements Transport {
  /** Tunables; {@link #defaults()} suits a committee on one LAN. */
  public record Options(
      int maxFrameBody,
      int queueCapacity,
      int ioThreads,
      long minBackoffMs,
      long maxBackoffMs,
      int writeLowWater,
      int writeHighWater) {
    public static Options defaults() {
      return new Options(
          CappedFrameDecoder.DEFAULT_MAX_BODY, 4096, 1, 50, 2_000, 256 << 10, 1 << 20);
    }

    public Options withMaxFrameBody(int body) {
      return new Options(
          body,
          queueCapacity,
          ioThreads,
          minBackoffMs,
          maxBackoffMs,
          writeLowWater,
          writeHighWater);
    }

    public Options withQueueCapacity(int capacity) {
      return new Options(
          maxFrameBody,
          capacity,
          ioThreads,
          minBackoffMs,
          maxBackoffMs,
          writeLowWater,
          writeHighWater);
    }
  }

  private final int self;
  private final List<InetSocketAddress> endpoints;
  private final List<byte[]> keys;
  private final Ed25519Identity identity;
  private final Options options;
  private final NetStats stats = new NetStats();
  private final EventLoopGroup group;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final List<PeerLink> links = new ArrayList<>();
  private volatile List<byte[]> nextKeys = List.of();
  private Channel server;
  private volatile boolean started;
  private boolean closed;

  /**
   * @param self this node's signer index
   * @param endpoints listen address of member i at index i
   * @param keys raw Ed25519 key of member i at index i (the current epoch's committee)
   * @param identity this node's identity; its key must be {@code keys.get(self)}
   */
  public NettyTransport(
      int self,
      List<InetSocketAddress> endpoints,
      List<byte[]> keys,
      Ed25519Identity identity,
      Options options) {
    if (endpoints.size() != keys.size() || self < 0 || self >= keys.size()) {
      throw new IllegalArgumentException("endpoints, keys and self index disagree");
    }
    if (!Arrays.equals(keys.get(self), identity.rawPublicKey())) {
      throw new IllegalArgumentException("identity key is not member " + self + "'s key");
    }
    this.self = self;
    this.endpoints = List.copyOf(endpoints);
    this.keys = keys.stream().map(byte[]::clone).toList();
    this.identity = identity;
    this.options = options;
    this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory());
  }

  /** Also accept the members of the next epoch's committee at the handshake. */
  public void acceptNextCommittee(List<byte[]> next) {
    nextKeys = next.stream().map(byte[]::clone).toList();
  }

  public NetStats stats() {
    return stats;
  }

  /** The address actually bound (useful with port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Messages queued for {@code peer} and not yet written to its connection. */
  public int queued(int peer) {
    for (PeerLink l : links) {
      if (l.peer() == peer) {
        return l.queued();
      }
    }
    throw new IllegalArgumentException("no link to " + peer);
  }

  @Override
  public int self() {
    return self;
  }

  @Override
  public int size() {
    return keys.size();
  }

  private int indexOf(byte[] key) {
    for (int i = 0; i < keys.size(); i++) {
      if (Arrays.equals(keys.get(i), key)) {
        return i;
      }
    }
    return -1;
  }

  private boolean isMember(byte[] key) {
    if (indexOf(key) >= 0) {
      return true;
    }
    for (byte[] k : nextKeys) {
      if (Arrays.equals(k, key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void start(InboundHandler handler) {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    Tls tls = new Tls(identity, this::isMember, stats.refusedPeers);
    WriteBufferWaterMark water =
        new WriteBufferWaterMark(options.writeLowWater(), options.writeHighWater());
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, water)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    channels.add(ch);
                    Pipeline.init(
                        ch.pipeline(),
                        tls,
                        false,
                        -1,
                        options.maxFrameBody(),
                        this::index,
                        handler,
                        stats);
                  }

                  private int index(byte[] key) {
                    return indexOf(key);
                  }
                });
    server = sb.bind(endpoints.get(self)).syncUninterruptibly().channel();
    Bootstrap cb =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, water);
    for (int peer = 0; peer < keys.size(); peer++) {
      if (peer == self) {
        continue;
      }
      int expected = peer;
      PeerLink link =
          new PeerLink(
              peer,
              endpoints.get(peer),
              cb,
              ch -> {
                channels.add(ch);
                Pipeline.init(
                    ch.pipeline(),
                    tls,
                    true,
                    expected,
                    options.maxFrameBody(),
                    this::indexOf,
                    handler,
                    stats);
              },
              group.next(),
              options.queueCapacity(),
              options.minBackoffMs(),
              options.maxBackoffMs(),
              stats);
      links.add(link);
      link.start();
    }
  }

  @Override
  public void send(int peer, Envelope message) {
    if (peer == self || peer < 0 || peer >= keys.size()) {
      throw new IllegalArgumentException("not a peer: " + peer);
    }
    if (!started) {
      throw new IllegalStateException("not started");
    }
    links.get(peer < self ? peer : peer - 1).enqueue(message);
  }

  @Override
  public void broadcast(Envelope message) {
    if (!started) {
      throw new IllegalStateException("not started");
    }
    for (PeerLink link : links) {
      link.enqueue(message);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (PeerLink link : links) {
      link.close();
    }
    if (server != null) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
