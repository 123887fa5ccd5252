package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.DeliveryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gas used by submitBatch (4 committee signatures) and by execute per message as a function of the
 * batch size, on a real EVM (hardhat, cancun). Writes target/gas-report.md for BENCHMARKS.md.
 * Messages carry a 64-byte payload to a ScriptedReceiver (which stores it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GasIT {
  private TestNet net;
  private String receiver;

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(31338);
    receiver = net.deploy(0, "ScriptedReceiver", new byte[0]);
  }

  @AfterAll
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void gasPerBatchSize() throws Exception {
    StringBuilder md = new StringBuilder();
    md.append(
        "| batch size | submitBatch gas | execute gas per message (mean) | total per message |\n");
    md.append("|---:|---:|---:|---:|\n");
    long nonce = 0;
    long previousSubmit = 0;
    long lastExec = 0;
    long lastTotal = 0;
    for (int size : new int[] {1, 2, 4, 8, 16, 32}) {
      List<GatewayMessage> messages = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        messages.add(
            new GatewayMessage(
                31337,
                "0x" + "aa".repeat(20),
                ++nonce,
                "0x" + "bb".repeat(20),
                31338,
                receiver,
                new byte[64]));
      }
      DeliveryReport r = net.deliverer(0).deliver(new Batch(31338, 0, size, messages));
      assertEquals(size, r.executed().size());
      long submit = r.gasUsed().get(0);
      long exec =
          r.gasUsed().subList(1, r.gasUsed().size()).stream().mapToLong(Long::longValue).sum();
      md.append(
          "| %d | %d | %d | %d |%n".formatted(size, submit, exec / size, (submit + exec) / size));
      assertTrue(submit >= previousSubmit - 1000, "submitBatch does not depend on the batch size");
      previousSubmit = submit;
      lastExec = exec / size;
      lastTotal = (submit + exec) / size;
    }
    // Reference: the same receiver called directly by an account, without the bridge.
    byte[] direct =
        io.trestle.relayer.contracts.GatewayAbi.call(
            "onTrestleMessage(bytes32,uint64,address,bytes)",
            List.of(
                new io.trestle.relayer.contracts.Abi.Static(new byte[32]),
                new io.trestle.relayer.contracts.Abi.Static(
                    io.trestle.relayer.contracts.Abi.uint64(31337)),
                new io.trestle.relayer.contracts.Abi.Static(new byte[32]),
                new io.trestle.relayer.contracts.Abi.Dynamic(
                    io.trestle.relayer.contracts.Abi.bytes(new byte[64]))));
    long reference = net.sender(0, 9).send(receiver, direct).gasUsed();
    md.append(
        "%nReference in the same run: the receiver called directly by an account: %d gas;"
            .formatted(reference));
    md.append(
        " execute per message at batch size 32 / reference = %.2f; total per message at 32 / reference = %.2f%n"
            .formatted(lastExec / (double) reference, lastTotal / (double) reference));
    Path out = Path.of("target", "gas-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
  }
}
