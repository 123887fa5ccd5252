package io.trestle.verifier.cli;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.verifier.quorum.CommitteeMember;
import io.trestle.verifier.quorum.TestCommittee;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Runs {@link Main} in-process and renders committees as the CLI's file formats. */
final class CliFixture {
  private CliFixture() {}

  record Result(int exit, String out, String err) {}

  static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Committee canonical(TestCommittee t) {
    List<Member> members = new ArrayList<>();
    int i = 0;
    for (CommitteeMember m : t.view().members()) {
      byte[] evm = new byte[20];
      evm[0] = (byte) (0xa0 + i);
      members.add(new Member(m.ed25519Key(), evm, "10.0.0." + i++ + ":7000", m.weight()));
    }
    return new Committee(
        t.view().committeeId(), t.view().epoch(), ConsensusEngine.HOTSTUFF, members);
  }

  static String json(Committee c) {
    HexFormat hex = HexFormat.of();
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"committeeId\": \"0x")
        .append(hex.formatHex(c.committeeId()))
        .append("\",\n  \"epoch\": ")
        .append(Long.toUnsignedString(c.epoch()))
        .append(",\n  \"engine\": \"")
        .append(c.engine().name())
        .append("\",\n  \"members\": [");
    for (int i = 0; i < c.members().size(); i++) {
      Member m = c.members().get(i);
      sb.append(i == 0 ? "\n" : ",\n")
          .append("    {\"ed25519Key\": \"")
          .append(hex.formatHex(m.ed25519Key()))
          .append("\", \"evmAddress\": \"0x")
          .append(hex.formatHex(m.evmAddress()))
          .append("\", \"endpoint\": \"")
          .append(m.endpoint())
          .append("\", \"weight\": ")
          .append(Long.toUnsignedString(m.weight()))
          .append('}');
    }
    return sb.append("\n  ]\n}\n").toString();
  }
}
