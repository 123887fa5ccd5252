package io.trestle.relayer.contracts;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The canonical {@code trestle.v1.CrossChainMessage} as the gateways emit and execute it (hex
 * addresses, for web3j and logs; {@link #toCanonical()} gives the generated record, and
 * CanonicalRecordsTest proves both encode and hash alike), with its Solidity ABI encoding and id:
 * {@code id = keccak256(keccak256("trestle.v1.CrossChainMessage") ‖ abi.encode(m))}, where
 * abi.encode of the (dynamic) struct starts with the tuple's offset word. Addresses are 0x-prefixed
 * lower-case hex; the payload is at most {@link #MAX_PAYLOAD} bytes.
 *
 * @param sourceChainId EIP-155 id of the source chain (unsigned 64-bit)
 * @param sourceGateway gateway that emitted the message
 * @param nonce per-gateway sequence number, from 1 (unsigned 64-bit)
 * @param sender account that called send()
 * @param destChainId EIP-155 id of the destination chain (unsigned 64-bit)
 * @param recipient receiver contract on the destination chain
 * @param payload application bytes (defensively copied)
 */
public record GatewayMessage(
    long sourceChainId,
    String sourceGateway,
    long nonce,
    String sender,
    long destChainId,
    String recipient,
    byte[] payload) {
  /** Largest payload the gateway accepts (TrestleGateway.MAX_PAYLOAD). */
  public static final int MAX_PAYLOAD = 65536;

  private static final byte[] TAG_HASH =
      Abi.keccak("trestle.v1.CrossChainMessage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private static final int HEADS = 7 * Abi.WORD;

  /**
   * @throws IllegalArgumentException on a malformed address or an oversized payload
   */
  public GatewayMessage {
    sourceGateway = normalizeAddress(sourceGateway);
    sender = normalizeAddress(sender);
    recipient = normalizeAddress(recipient);
    Objects.requireNonNull(payload, "payload");
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes > " + MAX_PAYLOAD);
    }
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** abi.encode(message) exactly as Solidity produces it (also the data of a MessageSent log). */
  public byte[] encode() {
    return Abi.concat(Abi.uint(Abi.WORD), encodeTuple());
  }

  /** The tuple's own encoding (heads then tail), as embedded in calldata. */
  public byte[] encodeTuple() {
    return Abi.tuple(
        List.of(
            new Abi.Static(Abi.uint64(sourceChainId)),
            new Abi.Static(Abi.address(hex(sourceGateway))),
            new Abi.Static(Abi.uint64(nonce)),
            new Abi.Static(Abi.address(hex(sender))),
            new Abi.Static(Abi.uint64(destChainId)),
            new Abi.Static(Abi.address(hex(recipient))),
            new Abi.Dynamic(Abi.bytes(payload))));
  }

  /** The message id (32 bytes). */
  public byte[] id() {
    return Abi.keccak(TAG_HASH, encode());
  }

  /**
   * Decodes {@link #encode()}'s output strictly: canonical offsets, clean padding, no trailing
   * bytes.
   *
   * @throws MalformedAbiException if {@code data} is not such an encoding
   */
  public static GatewayMessage decode(byte[] data) {
    if (Abi.readUint(data, 0, 16) != Abi.WORD) {
      throw new MalformedAbiException("tuple offset must be 32");
    }
    int base = Abi.WORD;
    if (Abi.readUint(data, base + 6 * Abi.WORD, 32) != HEADS) {
      throw new MalformedAbiException("payload offset must be " + HEADS);
    }
    int lengthAt = base + HEADS;
    long length = Abi.readUint(data, lengthAt, 32);
    if (length > MAX_PAYLOAD) {
      throw new MalformedAbiException("payload of " + length + " bytes > " + MAX_PAYLOAD);
    }
    int start = lengthAt + Abi.WORD;
    int end = start + Abi.padded((int) length);
    if (data.length != end) {
      throw new MalformedAbiException("expected " + end + " bytes, got " + data.length);
    }
    for (int i = start + (int) length; i < end; i++) {
      if (data[i] != 0) {
        throw new MalformedAbiException("dirty payload padding");
      }
    }
    try {
      return new GatewayMessage(
          Abi.readUint64(data, base),
          toHex(Abi.readAddress(data, base + Abi.WORD)),
          Abi.readUint64(data, base + 2 * Abi.WORD),
          toHex(Abi.readAddress(data, base + 3 * Abi.WORD)),
          Abi.readUint64(data, base + 4 * Abi.WORD),
          toHex(Abi.readAddress(data, base + 5 * Abi.WORD)),
          Arrays.copyOfRange(data, start, start + (int) length));
    } catch (IllegalArgumentException e) {
      throw e instanceof MalformedAbiException m ? m : new MalformedAbiException(e.getMessage());
    }
  }

  /** The generated canonical record of the same message (verifier's io.trestle.canonical.v1). */
  public io.trestle.canonical.v1.CrossChainMessage toCanonical() {
    return new io.trestle.canonical.v1.CrossChainMessage(
        sourceChainId,
        hex(sourceGateway),
        nonce,
        hex(sender),
        destChainId,
        hex(recipient),
        payload.clone());
  }

  /** From the generated canonical record. */
  public static GatewayMessage fromCanonical(io.trestle.canonical.v1.CrossChainMessage m) {
    return new GatewayMessage(
        m.sourceChainId(),
        toHex(m.sourceGateway()),
        m.nonce(),
        toHex(m.sender()),
        m.destChainId(),
        toHex(m.recipient()),
        m.payload());
  }

  /**
   * Lower-cases and checks a 0x-prefixed 20-byte hex address.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static String normalizeAddress(String address) {
    Objects.requireNonNull(address, "address");
    String a = address.toLowerCase(Locale.ROOT);
    if (!a.matches("0x[0-9a-f]{40}")) {
      throw new IllegalArgumentException("not an address: " + address);
    }
    return a;
  }

  /** 0x-prefixed lower-case hex of bytes. */
  public static String toHex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  /** Bytes of 0x-prefixed (or bare) hex. */
  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayMessage m
        && sourceChainId == m.sourceChainId
        && sourceGateway.equals(m.sourceGateway)
        && nonce == m.nonce
        && sender.equals(m.sender)
        && destChainId == m.destChainId
        && recipient.equals(m.recipient)
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceChainId, sourceGateway, nonce, sender, destChainId, recipient)
        ^ Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "GatewayMessage["
        + sourceChainId
        + ":"
        + sourceGateway
        + "#"
        + nonce
        + " -> "
        + destChainId
        + ":"
        + recipient
        + ", "
        + payload.length
        + " bytes]";
  }
}
