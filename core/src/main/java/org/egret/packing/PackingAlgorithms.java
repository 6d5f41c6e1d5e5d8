package org.egret.packing;

import org.egret.config.EgretConfig;

/** Chooses the packing algorithm named by {@link PackingKeys#ALGORITHM}. */
public final class PackingAlgorithms {
  private PackingAlgorithms() {
  }

  public static PackingAlgorithm create(EgretConfig config) {
    String name = config.get(PackingKeys.ALGORITHM);
    return switch (name) {
      case PackingKeys.ROUND_ROBIN -> new RoundRobinPacking();
      case PackingKeys.FIRST_FIT_DECREASING -> new FirstFitDecreasingPacking();
      // The key is validated on load, so only a new constant without a case lands here.
      default -> throw new IllegalStateException("no packing algorithm named '" + name + "'");
    };
  }
}
