package org.egret.scheduler.yarn;

/**
 * Which bin a container request is for: the index is carried as the request's allocationRequestId,
 * index + 1, since 0 is YARN's "no id". A grant, and a container kept from an earlier attempt, carry
 * it back.
 */
final class AllocationIds {
    private AllocationIds() {}

    static long requestId(int index) {
        return index + 1L;
    }

    static int index(long requestId) {
        return (int) (requestId - 1);
    }
}
