package org.egret.scheduler.mesos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of one offer while containers are placed on it. Tasks get copies of the offer's
 * own Resource entries (role, allocation info, reservations and all) with only the amount
 * changed, since the master rejects resources that differ from what it offered. Scalars are
 * counted in thousandths, as Mesos does, so repeated subtraction never drifts.
 */
final class OfferResources {
    private final Offer offer;
    /** One slot per resource entry of the offer: its remaining scalar (thousandths) or ranges. */
    private final List<Resource> entries;

    private final long[] scalarsMilli;
    private final List<List<long[]>> ranges = new ArrayList<>();

    OfferResources(Offer offer) {
        this.offer = offer;
        this.entries = offer.getResourcesList();
        this.scalarsMilli = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Resource r = entries.get(i);
            scalarsMilli[i] =
                    r.getType() == Value.Type.SCALAR ? Math.round(r.getScalar().getValue() * 1000) : 0;
            List<long[]> free = new ArrayList<>();
            if (r.getType() == Value.Type.RANGES) {
                r.getRanges().getRangeList().forEach(rg -> free.add(new long[] {rg.getBegin(), rg.getEnd()}));
            }
            ranges.add(free);
        }
    }

    Offer offer() {
        return offer;
    }

    /** Takes what the container needs, or nothing if the rest of this offer cannot hold it. */
    Optional<List<Resource>> take(ContainerNeed need) {
        if (available("cpus") < milli(need.cpus())
                || available("mem") < milli(need.memMb())
                || available("disk") < milli(need.diskMb())
                || freePorts() < need.ports()) {
            return Optional.empty();
        }
        List<Resource> out = new ArrayList<>();
        takeScalar("cpus", milli(need.cpus()), out);
        takeScalar("mem", milli(need.memMb()), out);
        takeScalar("disk", milli(need.diskMb()), out);
        takePorts(need.ports(), out);
        return Optional.of(out);
    }

    static long milli(double v) {
        return (long) Math.ceil(v * 1000 - 1e-6);
    }

    private long available(String name) {
        long sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getName().equals(name) && entries.get(i).getType() == Value.Type.SCALAR) {
                sum += scalarsMilli[i];
            }
        }
        return sum;
    }

    private long freePorts() {
        long n = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getName().equals("ports")) {
                for (long[] rg : ranges.get(i)) {
                    n += rg[1] - rg[0] + 1;
                }
            }
        }
        return n;
    }

    private void takeScalar(String name, long wantMilli, List<Resource> out) {
        for (int i = 0; i < entries.size() && wantMilli > 0; i++) {
            Resource r = entries.get(i);
            if (!r.getName().equals(name) || r.getType() != Value.Type.SCALAR || scalarsMilli[i] == 0) {
                continue;
            }
            long got = Math.min(wantMilli, scalarsMilli[i]);
            scalarsMilli[i] -= got;
            wantMilli -= got;
            out.add(r.toBuilder()
                    .setScalar(Value.Scalar.newBuilder().setValue(got / 1000.0))
                    .build());
        }
    }

    private void takePorts(int want, List<Resource> out) {
        for (int i = 0; i < entries.size() && want > 0; i++) {
            Resource r = entries.get(i);
            if (!r.getName().equals("ports")) {
                continue;
            }
            Value.Ranges.Builder taken = Value.Ranges.newBuilder();
            List<long[]> free = ranges.get(i);
            while (want > 0 && !free.isEmpty()) {
                long[] rg = free.get(0);
                long n = Math.min(want, rg[1] - rg[0] + 1);
                taken.addRange(Value.Range.newBuilder().setBegin(rg[0]).setEnd(rg[0] + n - 1));
                rg[0] += n;
                want -= (int) n;
                if (rg[0] > rg[1]) {
                    free.remove(0);
                }
            }
            if (taken.getRangeCount() > 0) {
                out.add(r.toBuilder().setRanges(taken).build());
            }
        }
    }
}
