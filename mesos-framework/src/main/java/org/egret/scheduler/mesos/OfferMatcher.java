package org.egret.scheduler.mesos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Places waiting containers on a batch of offers, biggest container first, each on the first
 * offer whose remainder still holds it. An offer is never over-committed; offers that receive no
 * container are returned for declining.
 */
public final class OfferMatcher {
    /** A container placed on an offer, with the exact resources its task will carry. */
    public record Placement(ContainerNeed need, Offer offer, List<Resource> resources) {}

    /** Per used offer, its placements; plus the offers nothing was placed on. */
    public record Result(Map<Offer, List<Placement>> byOffer, List<Offer> unused) {}

    private OfferMatcher() {}

    public static Result match(List<Offer> offers, List<ContainerNeed> needs) {
        List<OfferResources> rest = offers.stream().map(OfferResources::new).toList();
        List<ContainerNeed> order = new ArrayList<>(needs);
        order.sort(Comparator.comparingDouble(ContainerNeed::weight)
                .reversed()
                .thenComparingInt(ContainerNeed::container));
        Map<Offer, List<Placement>> byOffer = new LinkedHashMap<>();
        for (ContainerNeed need : order) {
            for (OfferResources o : rest) {
                Optional<List<Resource>> got = o.take(need);
                if (got.isPresent()) {
                    byOffer.computeIfAbsent(o.offer(), k -> new ArrayList<>())
                            .add(new Placement(need, o.offer(), got.get()));
                    break;
                }
            }
        }
        List<Offer> unused =
                offers.stream().filter(o -> !byOffer.containsKey(o)).toList();
        return new Result(byOffer, unused);
    }
}
