package io.trestle.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration problems are one-line {@link ConfigException}s naming the file and the item. */
class NodeConfigTest {
  @TempDir Path dir;

  @Test
  void generatedCommitteeAndConfigsLoadBack() throws Exception {
    var cfgs = CommitteeLauncher.generate(dir, 4, new SecureRandom(), 0, 0);
    Committee c = CommitteeFile.load(dir.resolve("committee.txt"));
    assertEquals(4, c.members().size());
    NodeConfig cfg = NodeConfig.load(cfgs.get(2));
    assertEquals(dir.resolve("node2"), cfg.dataDir());
    assertEquals(c.members().get(2).endpoint(), "127.0.0.1:" + cfg.listen().getPort());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node2.key"))));
    assertEquals(48, NodeMain.readKey(cfg.identityKey()).length);
  }

  @Test
  void missingSettingNamesIt() throws Exception {
    Path f = dir.resolve("n.properties");
    Files.writeString(f, "committee = c.txt\nlisten = 127.0.0.1:1\ndata_dir = d\n");
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(f));
    assertTrue(e.getMessage().contains("identity_key"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void badCommitteeLineNamesFileAndLine() throws Exception {
    Path f = dir.resolve("c.txt");
    Files.writeString(f, "committee_id " + "00".repeat(32) + "\nmember abcd 127.0.0.1:1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> CommitteeFile.load(f));
    assertTrue(e.getMessage().contains("c.txt:2"), e.getMessage());
    Files.writeString(f, "member " + "11".repeat(32) + " nohostport\n");
    assertThrows(ConfigException.class, () -> CommitteeFile.load(f));
    Files.writeString(f, "member " + "11".repeat(32) + " 127.0.0.1:5\n");
    assertTrue(
        assertThrows(ConfigException.class, () -> CommitteeFile.load(f))
            .getMessage()
            .contains("committee_id"));
  }

  @Test
  void theCommitteeFileNamesTheGenesisEngine() throws Exception {
    CommitteeLauncher.generate(
        dir, 3, new SecureRandom(), 0, 0, io.trestle.canonical.v1.ConsensusEngine.RAFT);
    Path f = dir.resolve("committee.txt");
    assertEquals(io.trestle.canonical.v1.ConsensusEngine.RAFT, CommitteeFile.load(f).engine());
    Files.writeString(f, Files.readString(f).replace("engine raft", "engine paxos"));
    ConfigException e = assertThrows(ConfigException.class, () -> CommitteeFile.load(f));
    assertTrue(e.getMessage().contains("engine hotstuff|raft"), e.getMessage());
  }

  @Test
  void keyReadableByOthersIsRefused() throws Exception {
    Path k = dir.resolve("k");
    Files.write(k, new byte[48]);
    Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigException e = assertThrows(ConfigException.class, () -> NodeMain.readKey(k));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }
}
