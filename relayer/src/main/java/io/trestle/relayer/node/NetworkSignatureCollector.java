package io.trestle.relayer.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.consensus.net.Transport;
import io.trestle.proto.v1.AttestationSignature;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.Eip712;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.SignatureCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@link SignatureCollector} over the relayer network: {@code PROTOCOL_ID_ATTESTATION} envelopes
 * carrying {@link AttestationSignature}s on the consensus transport.
 *
 * <p>Protocol. A member that commits a block signs each batch attestation with its EVM key and
 * broadcasts the signature ({@link #offer}). A member collecting a quorum re-broadcasts its own
 * every {@code resendInterval} until it has one; a member that receives a valid signature answers
 * the sender with its own (at most {@link #MAX_REPLIES} times per attestation and peer, and not
 * more often than {@code resendInterval}), so signatures lost across a reconnect are asked for
 * again without a request message.
 *
 * <p>Checks. A frame counts only if it parses, its {@code signer} is the authenticated sender, the
 * signature is 65 bytes with v in {27, 28} and low s (what the gateway accepts), and it recovers
 * (ecrecover) to that member's EVM address for the EIP-712 digest of the attestation this node
 * built itself for (height, destination chain). Anything else is dropped and counted in {@link
 * #rejected()}. Signatures for an attestation this node has not built yet wait (one per signer, for
 * at most {@link #MAX_ROUNDS} attestations) and are checked once it has.
 *
 * <p>Threads: inbound frames are queued (bounded; overflow dropped and counted) by transport
 * threads and checked on this collector's own thread; {@link #collect} blocks the caller.
 */
public final class NetworkSignatureCollector implements SignatureCollector, AutoCloseable {
  /** Attestations remembered at once; the oldest is forgotten first. */
  public static final int MAX_ROUNDS = 512;

  /**
   * Attestations this node has not built yet that peers' signatures may open; a frame that would
   * open one more is dropped (counted), so a member spamming heights cannot push out the rounds
   * being collected.
   */
  public static final int MAX_UNBUILT = MAX_ROUNDS / 2;

  /** Replies to one peer per attestation. */
  public static final int MAX_REPLIES = 3;

  private static final System.Logger LOG =
      System.getLogger(NetworkSignatureCollector.class.getName());
  private static final java.math.BigInteger HALF_N =
      new java.math.BigInteger(
              "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16)
          .shiftRight(1);

  private record Key(long height, long destChainId) {}

  private record Inbound(int from, AttestationSignature signature) {}

  private static final class Round {
    Attestation attestation;
    byte[] digest;
    byte[] own;
    final Map<Integer, byte[]> verified = new TreeMap<>();
    final Map<Integer, byte[]> unverified = new TreeMap<>();
    final long[] lastSentTo;
    final int[] replies;
    boolean quorumReported;

    Round(int n) {
      lastSentTo = new long[n];
      replies = new int[n];
    }
  }

  private final int self;
  private final EvmKey key;
  private final List<String> addresses;
  private final long[] weights;
  private final long totalWeight;
  private final Transport transport;
  private final Consumer<Attestation> onQuorum;
  private final LongSupplier clockMillis;
  private final long resendMs;
  private final Map<Key, Round> rounds = new LinkedHashMap<>();
  private final BlockingQueue<Inbound> inbox = new ArrayBlockingQueue<>(4_096);
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Thread worker;
  private volatile boolean running = true;

  /**
   * @param self this node's signer index
   * @param key this node's EVM key (member {@code self}'s address)
   * @param addresses EVM address (0x, lower case) of member i at index i
   * @param weights weight of member i at index i
   * @param transport where signatures are sent (the {@link AttestationMux})
   * @param onQuorum called once per attestation when its signatures first reach a quorum, on the
   *     collector's thread or a {@link #collect}/{@link #offer} caller; must not block
   * @param resendInterval how often a collecting member re-broadcasts its signature
   */
  public NetworkSignatureCollector(
      int self,
      EvmKey key,
      List<String> addresses,
      List<Long> weights,
      Transport transport,
      Consumer<Attestation> onQuorum,
      LongSupplier clockMillis,
      Duration resendInterval) {
    if (!key.address().equals(addresses.get(self))) {
      throw new IllegalArgumentException(
          "EVM key "
              + key.address()
              + " is not member "
              + self
              + "'s address "
              + addresses.get(self));
    }
    this.self = self;
    this.key = key;
    this.addresses = List.copyOf(addresses);
    this.weights = weights.stream().mapToLong(Long::longValue).toArray();
    this.totalWeight = Arrays.stream(this.weights).sum();
    this.transport = transport;
    this.onQuorum = onQuorum;
    this.clockMillis = clockMillis;
    this.resendMs = resendInterval.toMillis();
    this.worker = Thread.ofPlatform().name("attestation-check").daemon().start(this::run);
  }

  /** Frames dropped because they failed a check. */
  public long rejected() {
    return rejected.sum();
  }

  /** Signatures of other members that passed every check. */
  public long accepted() {
    return accepted.sum();
  }

  /** Frames dropped because the check queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Inbound attestation frame from authenticated member {@code from}; never blocks. */
  public void onFrame(int from, Envelope envelope) {
    AttestationSignature s;
    try {
      s = AttestationSignature.parseFrom(envelope.getPayload());
    } catch (InvalidProtocolBufferException e) {
      rejected.increment();
      return;
    }
    if (from < 0 || from >= addresses.size() || from == self || s.getSigner() != from) {
      rejected.increment();
      return;
    }
    if (!inbox.offer(new Inbound(from, s))) {
      dropped.increment();
    }
  }

  /**
   * Signs {@code attestation} for {@code gateway} with this node's key (once) and broadcasts the
   * signature; the attestation becomes the reference that peers' signatures for its (height,
   * destination chain) are checked against.
   */
  public void offer(Attestation attestation, String gateway) {
    byte[] own;
    synchronized (this) {
      Round r = round(new Key(attestation.height(), attestation.destChainId()));
      if (r.attestation != null) {
        return;
      }
      r.attestation = attestation;
      r.digest = Eip712.batchDigest(attestation, gateway);
      r.own = key.signDigest(r.digest);
      r.verified.put(self, r.own);
      for (var e : r.unverified.entrySet()) {
        admit(r, e.getKey(), e.getValue());
      }
      r.unverified.clear();
      reportQuorum(r);
      notifyAll();
      own = r.own;
    }
    transport.broadcast(envelope(attestation, own));
  }

  @Override
  public List<Signed> collect(Attestation attestation, String gateway, Duration timeout) {
    offer(attestation, gateway);
    Key k = new Key(attestation.height(), attestation.destChainId());
    long deadline = clockMillis.getAsLong() + timeout.toMillis();
    long nextResend = clockMillis.getAsLong() + resendMs;
    while (true) {
      byte[] own;
      synchronized (this) {
        Round r = rounds.get(k);
        if (r == null) {
          return List.of();
        }
        long now = clockMillis.getAsLong();
        if (quorum(r) || now >= deadline || !running) {
          return signed(r);
        }
        if (now < nextResend) {
          try {
            wait(Math.max(1, Math.min(deadline, nextResend) - now));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return signed(r);
          }
          continue;
        }
        nextResend = now + resendMs;
        own = r.own;
      }
      transport.broadcast(envelope(attestation, own));
    }
  }

  private List<Signed> signed(Round r) {
    List<Signed> out = new ArrayList<>();
    r.verified.forEach((i, sig) -> out.add(new Signed(addresses.get(i), sig.clone())));
    return out;
  }

  private boolean quorum(Round r) {
    long w = 0;
    for (int i : r.verified.keySet()) {
      w += weights[i];
    }
    return 3 * w > 2 * totalWeight;
  }

  private void reportQuorum(Round r) {
    if (!r.quorumReported && quorum(r)) {
      r.quorumReported = true;
      try {
        onQuorum.accept(r.attestation);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "quorum listener failed: " + e);
      }
    }
  }

  private Round round(Key k) {
    Round r = rounds.get(k);
    if (r == null) {
      r = new Round(addresses.size());
      rounds.put(k, r);
      Iterator<Round> it = rounds.values().iterator();
      while (rounds.size() > MAX_ROUNDS) {
        it.next();
        it.remove();
      }
    }
    return r;
  }

  private void run() {
    while (running) {
      Inbound in;
      try {
        in = inbox.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (in == null) {
        continue;
      }
      Envelope reply = null;
      synchronized (this) {
        AttestationSignature s = in.signature();
        Key k = new Key(s.getHeight(), s.getDestChainId());
        if (!rounds.containsKey(k)
            && rounds.values().stream().filter(x -> x.attestation == null).count() >= MAX_UNBUILT) {
          dropped.increment();
          continue;
        }
        Round r = round(k);
        byte[] sig = s.getSignature().toByteArray();
        if (r.attestation == null) {
          if (sig.length == 65) {
            r.unverified.put(in.from(), sig);
          } else {
            rejected.increment();
          }
          continue;
        }
        if (!admit(r, in.from(), sig)) {
          continue;
        }
        reportQuorum(r);
        notifyAll();
        long now = clockMillis.getAsLong();
        int p = in.from();
        if (r.replies[p] < MAX_REPLIES && now - r.lastSentTo[p] >= resendMs) {
          r.replies[p]++;
          r.lastSentTo[p] = now;
          reply = envelope(r.attestation, r.own);
        }
      }
      if (reply != null) {
        transport.send(in.from(), reply);
      }
    }
  }

  /** Checks one signature against the round's digest; true if it is (or already was) valid. */
  private boolean admit(Round r, int from, byte[] sig) {
    byte[] known = r.verified.get(from);
    if (known != null && Arrays.equals(known, sig)) {
      return true;
    }
    if (!from(r.digest, sig).equals(addresses.get(from))) {
      rejected.increment();
      return false;
    }
    r.verified.put(from, sig);
    accepted.increment();
    return true;
  }

  /**
   * The address that signed {@code digest} with {@code sig} (r ‖ s ‖ v, low s, v in {27, 28}), or
   * "" if the signature is malformed or recovers to no key.
   */
  static String from(byte[] digest, byte[] sig) {
    if (sig.length != 65 || (sig[64] != 27 && sig[64] != 28)) {
      return "";
    }
    byte[] r = Arrays.copyOfRange(sig, 0, 32);
    byte[] s = Arrays.copyOfRange(sig, 32, 64);
    if (new java.math.BigInteger(1, s).compareTo(HALF_N) > 0) {
      return "";
    }
    try {
      java.math.BigInteger pub =
          org.web3j.crypto.Sign.signedMessageHashToKey(
              digest, new org.web3j.crypto.Sign.SignatureData(sig[64], r, s));
      return "0x" + org.web3j.crypto.Keys.getAddress(pub);
    } catch (java.security.SignatureException | RuntimeException e) {
      return "";
    }
  }

  private Envelope envelope(Attestation a, byte[] sig) {
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_ATTESTATION)
        .setPayload(
            AttestationSignature.newBuilder()
                .setHeight(a.height())
                .setDestChainId(a.destChainId())
                .setSigner(self)
                .setSignature(ByteString.copyFrom(sig))
                .build()
                .toByteString())
        .build();
  }

  /** Stops the check thread and wakes {@link #collect} callers. Idempotent. */
  @Override
  public void close() {
    running = false;
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      notifyAll();
    }
  }
}
