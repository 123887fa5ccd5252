package io.trestle.relayer.localchain;

import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.contracts.ContractArtifact;
import io.trestle.relayer.deliver.TxSender;

/** Deploys compiled contracts with a {@link TxSender} (whose account pays). */
public final class Deployer {
  private Deployer() {}

  /**
   * Deploys {@code artifact} with ABI-encoded constructor arguments and returns its address.
   *
   * @throws IllegalStateException if the deployment reverted
   * @throws InterruptedException if interrupted while waiting for the receipt
   */
  public static String deploy(TxSender sender, ContractArtifact artifact, byte[] constructorArgs)
      throws InterruptedException {
    Receipt r = sender.send(null, artifact.creationCode(constructorArgs));
    if (!r.success() || r.contractAddress() == null) {
      throw new IllegalStateException("deployment of " + artifact.name() + " failed: " + r);
    }
    return r.contractAddress();
  }
}
