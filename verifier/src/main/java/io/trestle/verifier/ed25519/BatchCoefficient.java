package io.trestle.verifier.ed25519;

/**
 * A batch coefficient z_i: |z| and its sign (for the term [z]R = (+-)[|z|]R), and z mod L (for the
 * scalars of A and B), each 32 bytes little-endian.
 */
record BatchCoefficient(byte[] magnitude, boolean negative, byte[] modL) {}
