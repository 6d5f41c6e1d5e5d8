package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OfferMatcherTest {
    static final Resource.AllocationInfo ALLOC =
            Resource.AllocationInfo.newBuilder().setRole("egret").build();

    static Resource scalar(String name, double v) {
        return Resource.newBuilder()
                .setName(name)
                .setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(v))
                .setAllocationInfo(ALLOC)
                .build();
    }

    static Resource ports(long begin, long end) {
        return Resource.newBuilder()
                .setName("ports")
                .setType(Value.Type.RANGES)
                .setAllocationInfo(ALLOC)
                .setRanges(Value.Ranges.newBuilder()
                        .addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end)))
                .build();
    }

    static Offer offer(String id, Resource... rs) {
        return Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f"))
                .setAgentId(AgentID.newBuilder().setValue("a-" + id))
                .setHostname("h")
                .addAllResources(List.of(rs))
                .build();
    }

    @Test
    void copiesTheOffersResourcesChangingOnlyAmounts() {
        Resource reservedCpus = scalar("cpus", 1).toBuilder()
                .addReservations(Resource.ReservationInfo.newBuilder()
                        .setRole("egret")
                        .setType(Resource.ReservationInfo.Type.STATIC))
                .build();
        Offer o = offer(
                "o1",
                reservedCpus,
                scalar("cpus", 4),
                scalar("mem", 4096),
                scalar("disk", 1000),
                ports(31000, 31001),
                ports(32000, 32010));
        OfferMatcher.Result r = OfferMatcher.match(List.of(o), List.of(new ContainerNeed(1, 2.5, 1024, 100, 4)));
        List<Resource> got = r.byOffer().get(o).get(0).resources();
        // 1 reserved cpu, then 1.5 unreserved; reservation and allocation info kept
        assertEquals(
                reservedCpus.toBuilder()
                        .setScalar(Value.Scalar.newBuilder().setValue(1))
                        .build(),
                got.get(0));
        assertEquals(scalar("cpus", 1.5), got.get(1));
        assertEquals(scalar("mem", 1024), got.get(2));
        assertEquals(scalar("disk", 100), got.get(3));
        long portCount = got.stream()
                .filter(x -> x.getName().equals("ports"))
                .flatMap(x -> x.getRanges().getRangeList().stream())
                .mapToLong(g -> g.getEnd() - g.getBegin() + 1)
                .sum();
        assertEquals(4, portCount);
        assertTrue(r.unused().isEmpty());
    }

    @Test
    void leavesUnusableOffersForDeclining() {
        Offer small = offer("small", scalar("cpus", 0.5), scalar("mem", 512), scalar("disk", 100), ports(1, 10));
        Offer big = offer("big", scalar("cpus", 8), scalar("mem", 8192), scalar("disk", 10000), ports(1, 10));
        OfferMatcher.Result r = OfferMatcher.match(List.of(small, big), List.of(new ContainerNeed(1, 1, 1024, 100, 2)));
        assertEquals(Set.of(big), r.byOffer().keySet());
        assertEquals(List.of(small), r.unused());
    }

    @Test
    void randomizedMatchingNeverOverCommitsAnOffer() {
        Random rnd = new Random(42);
        for (int round = 0; round < 500; round++) {
            List<Offer> offers = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                long p = 30000 + rnd.nextInt(1000);
                offers.add(offer(
                        "o" + i,
                        scalar("cpus", rnd.nextInt(40) / 10.0),
                        scalar("cpus", rnd.nextInt(20) / 10.0),
                        scalar("mem", rnd.nextInt(8192)),
                        scalar("disk", rnd.nextInt(4096)),
                        ports(p, p + rnd.nextInt(6))));
            }
            List<ContainerNeed> needs = new ArrayList<>();
            for (int c = 0, n = 1 + rnd.nextInt(8); c < n; c++) {
                needs.add(new ContainerNeed(
                        c, rnd.nextInt(25) / 10.0 + 0.1, 128 + rnd.nextInt(3000), rnd.nextInt(1000), rnd.nextInt(4)));
            }
            OfferMatcher.Result r = OfferMatcher.match(offers, needs);
            Set<Integer> placed = new HashSet<>();
            for (Map.Entry<Offer, List<OfferMatcher.Placement>> e : r.byOffer().entrySet()) {
                Map<String, Double> used = new HashMap<>();
                Set<Long> portsUsed = new HashSet<>();
                for (OfferMatcher.Placement p : e.getValue()) {
                    assertTrue(placed.add(p.need().container()), "container placed twice");
                    Map<String, Double> mine = new HashMap<>();
                    for (Resource res : p.resources()) {
                        assertTrue(
                                e.getKey().getResourcesList().stream()
                                        .anyMatch(o -> o.getName().equals(res.getName())
                                                && o.getAllocationInfo().equals(res.getAllocationInfo())),
                                "resource not from the offer");
                        if (res.getType() == Value.Type.SCALAR) {
                            used.merge(res.getName(), res.getScalar().getValue(), Double::sum);
                            mine.merge(res.getName(), res.getScalar().getValue(), Double::sum);
                        } else {
                            res.getRanges().getRangeList().forEach(g -> {
                                for (long x = g.getBegin(); x <= g.getEnd(); x++) {
                                    assertTrue(portsUsed.add(x), "port " + x + " given twice");
                                }
                            });
                        }
                    }
                    assertTrue(mine.getOrDefault("cpus", 0.0) >= p.need().cpus() - 1e-9);
                    assertTrue(mine.getOrDefault("mem", 0.0) >= p.need().memMb() - 1e-9);
                }
                for (String name : List.of("cpus", "mem", "disk")) {
                    double offered = e.getKey().getResourcesList().stream()
                            .filter(x -> x.getName().equals(name))
                            .mapToDouble(x -> x.getScalar().getValue())
                            .sum();
                    assertTrue(
                            used.getOrDefault(name, 0.0) <= offered + 1e-9, name + " over-committed in round " + round);
                }
            }
            for (Offer o : r.unused()) {
                assertTrue(!r.byOffer().containsKey(o));
            }
        }
    }
}
