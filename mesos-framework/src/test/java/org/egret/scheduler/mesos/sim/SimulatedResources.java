package org.egret.scheduler.mesos.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/** The simulated master's resource arithmetic: what an agent has free, and whether a task fits its offer. */
final class SimulatedResources {
    private SimulatedResources() {}

    /**
     * An agent's total ({@code totals}) minus what {@code held} (live tasks and outstanding offers on it)
     * takes, allocated to {@code role}; empty when nothing but ports is left.
     */
    static List<Resource> free(SimulatedMesosMaster.Options totals, List<Resource> held, String role) {
        double cpus = totals.cpus;
        double mem = totals.memMb;
        double disk = totals.diskMb;
        boolean[] portUsed = new boolean[(int) (totals.portsEnd - totals.portsBegin + 1)];
        for (Resource r : held) {
            switch (r.getName()) {
                case "cpus" -> cpus -= r.getScalar().getValue();
                case "mem" -> mem -= r.getScalar().getValue();
                case "disk" -> disk -= r.getScalar().getValue();
                case "ports" ->
                    r.getRanges().getRangeList().forEach(g -> {
                        for (long p = g.getBegin(); p <= g.getEnd(); p++) {
                            portUsed[(int) (p - totals.portsBegin)] = true;
                        }
                    });
                default -> {}
            }
        }
        Resource.AllocationInfo alloc =
                Resource.AllocationInfo.newBuilder().setRole(role).build();
        List<Resource> out = new ArrayList<>();
        if (cpus > 0.0005) {
            out.add(scalar("cpus", cpus, alloc));
        }
        if (mem > 0.5) {
            out.add(scalar("mem", mem, alloc));
        }
        if (disk > 0.5) {
            out.add(scalar("disk", disk, alloc));
        }
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        for (int i = 0; i < portUsed.length; i++) {
            if (!portUsed[i]) {
                int j = i;
                while (j + 1 < portUsed.length && !portUsed[j + 1]) {
                    j++;
                }
                ranges.addRange(
                        Value.Range.newBuilder().setBegin(totals.portsBegin + i).setEnd(totals.portsBegin + j));
                i = j;
            }
        }
        if (ranges.getRangeCount() > 0) {
            out.add(Resource.newBuilder()
                    .setName("ports")
                    .setType(Value.Type.RANGES)
                    .setRanges(ranges)
                    .setAllocationInfo(alloc)
                    .build());
        }
        return out.stream().anyMatch(r -> !r.getName().equals("ports")) ? out : List.of();
    }

    /** The master's error when {@code task} takes resources its offer does not hold (role, allocation, amount), else null. */
    static String misfit(TaskInfo task, Offer offer) {
        Map<String, Double> offered = new HashMap<>();
        for (Resource r : offer.getResourcesList()) {
            offered.merge(r.getName(), amount(r), Double::sum);
        }
        for (Resource r : task.getResourcesList()) {
            boolean matches = offer.getResourcesList().stream()
                    .anyMatch(o -> o.getName().equals(r.getName())
                            && o.getType() == r.getType()
                            && o.getAllocationInfo().equals(r.getAllocationInfo())
                            && o.getReservationsList().equals(r.getReservationsList()));
            if (!matches) {
                return "Task uses invalid resources: " + r.getName() + " does not match the offer's role or allocation";
            }
            if (offered.merge(r.getName(), -amount(r), Double::sum) < -1e-9) {
                return "Task uses more resources " + r.getName() + " than available in the offer";
            }
        }
        return null;
    }

    private static double amount(Resource r) {
        if (r.getType() == Value.Type.SCALAR) {
            return r.getScalar().getValue();
        }
        return r.getRanges().getRangeList().stream()
                .mapToDouble(g -> g.getEnd() - g.getBegin() + 1)
                .sum();
    }

    private static Resource scalar(String name, double v, Resource.AllocationInfo alloc) {
        return Resource.newBuilder()
                .setName(name)
                .setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(Math.round(v * 1000) / 1000.0))
                .setAllocationInfo(alloc)
                .build();
    }
}
