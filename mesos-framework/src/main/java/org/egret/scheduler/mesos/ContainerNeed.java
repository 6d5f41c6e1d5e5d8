package org.egret.scheduler.mesos;

/** What one container (a packing-plan bin, or container 0) asks an offer for. */
public record ContainerNeed(int container, double cpus, double memMb, double diskMb, int ports) {
    public ContainerNeed {
        if (cpus < 0 || memMb < 0 || diskMb < 0 || ports < 0) {
            throw new IllegalArgumentException("negative resource need for container " + container);
        }
    }

    /** For ordering: the bigger container is placed first (first-fit decreasing). */
    double weight() {
        return memMb + cpus * 1024 + diskMb / 16;
    }
}
