package org.egret.cli;

import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.egret.net.RequestClient;
import org.egret.packing.PackingAlgorithms;
import org.egret.packing.PackingException;
import org.egret.packing.RepackingAlgorithm;
import org.egret.proto.Component;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SchedulerRequest;
import org.egret.proto.SchedulerResponse;
import org.egret.proto.Topology;
import org.egret.scheduler.SchedulerKeys;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;

/**
 * {@code egret update}: validates the request, repacks, and (unless {@code --dry-run}) has the
 * topology's scheduler apply the new plan as one transaction, under the topology's lock. A request
 * that names an unknown component, asks for fewer than one instance or changes nothing is refused
 * before anything moves.
 */
final class UpdateCommand {
    private final CliContext ctx;

    UpdateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    int run(String name, List<String> parallelismSpecs, Integer containerNumber, boolean dryRun) throws Exception {
        Map<String, Integer> wanted = parse(parallelismSpecs);
        if (wanted.isEmpty() && containerNumber == null) {
            throw new CliException("update needs --component-parallelism=<component>:<N> or --container-number=<N>");
        }
        if (containerNumber != null && containerNumber < 1) {
            throw new CliException("--container-number must be at least 1, got " + containerNumber);
        }
        try (StateManager state = StateManagers.open(ctx.config())) {
            Topology topology = state.get(StateKind.TOPOLOGIES, name, Topology.parser())
                    .orElseThrow(
                            () -> new CliException("no topology '" + name + "' on cluster '" + ctx.cluster() + "'"));
            if (dryRun) {
                PackingPlan current = packingPlan(state, name);
                Plan next = plan(topology, current, wanted, containerNumber);
                print(name, current, next.packing());
                return 0;
            }
            SchedulerLocation loc = state.get(StateKind.SCHEDULERS, name, SchedulerLocation.parser())
                    .orElseThrow(() -> new CliException("the scheduler of '" + name + "' is not running"));
            try (StateManager.Lock lock = state.lock(name, Duration.ofSeconds(10))) {
                // Read again under the lock: another update may have finished meanwhile.
                topology = state.get(StateKind.TOPOLOGIES, name, Topology.parser())
                        .orElseThrow(() -> new CliException("topology '" + name + "' was killed"));
                PackingPlan current = packingPlan(state, name);
                Plan next = plan(topology, current, wanted, containerNumber);
                ctx.say("Updating '" + name + "': " + summary(current, next.packing()));
                long timeoutMs = ctx.config().get(SchedulerKeys.UPDATE_TIMEOUT_MS);
                ctx.say("Waiting for the scheduler to apply it (up to " + (timeoutMs / 1000)
                        + " s, then it rolls back) ...");
                SchedulerResponse r;
                try {
                    // The scheduler may spend a timeout on the update and another on its rollback.
                    r = RequestClient.call(
                            loc.getHost(),
                            loc.getPort(),
                            ctx.wire(state, name),
                            SchedulerRequest.newBuilder()
                                    .setCommand(SchedulerRequest.Command.UPDATE)
                                    .setTopology(next.topology())
                                    .setPackingPlan(next.packing())
                                    .setTimeoutMs(timeoutMs)
                                    .build(),
                            SchedulerResponse.class,
                            Duration.ofMillis(2 * timeoutMs + 60_000));
                } catch (TimeoutException e) {
                    throw new CliException("the scheduler of '" + name + "' did not answer; see its log");
                }
                if (!r.getStatus().getOk()) {
                    throw new CliException(
                            "update of '" + name + "' failed: " + r.getStatus().getMessage());
                }
                ctx.say("Topology '" + name + "' updated: " + next.packing().getContainersCount() + " containers");
                return 0;
            }
        }
    }

    private record Plan(Topology topology, PackingPlan packing) {}

    private Plan plan(Topology topology, PackingPlan current, Map<String, Integer> wanted, Integer containerNumber) {
        Map<String, Integer> counts = instanceCounts(current);
        Set<String> names = new TreeSet<>();
        topology.getComponentsList().forEach(c -> names.add(c.getName()));
        Map<String, Integer> changes = new TreeMap<>();
        for (Map.Entry<String, Integer> e : wanted.entrySet()) {
            if (!names.contains(e.getKey())) {
                throw new CliException("no component '" + e.getKey() + "' in topology '" + topology.getName()
                        + "' (components: " + String.join(", ", names) + ")");
            }
            if (counts.getOrDefault(e.getKey(), 0).intValue() != e.getValue()) {
                changes.put(e.getKey(), e.getValue());
            }
        }
        boolean moreContainers = containerNumber != null && containerNumber != current.getContainersCount();
        if (changes.isEmpty() && !moreContainers) {
            List<String> now = new ArrayList<>();
            wanted.keySet().forEach(c -> now.add(c + " has " + counts.get(c) + " instances"));
            if (containerNumber != null) {
                now.add("the topology has " + current.getContainersCount() + " containers");
            }
            throw new CliException("the update changes nothing: " + String.join(", ", now));
        }
        Topology.Builder next = topology.toBuilder();
        for (Component.Builder c : next.getComponentsBuilderList()) {
            Integer n = changes.get(c.getName());
            if (n != null) {
                c.setTasks(n).setParallelism(n);
            }
        }
        PackingPlan packing;
        try (RepackingAlgorithm repacking = PackingAlgorithms.openRepacking(ctx.config())) {
            packing = repacking.repack(
                    current, next.build(), changes, containerNumber == null ? 0 : containerNumber, ctx.config());
        } catch (PackingException e) {
            throw new CliException("cannot repack '" + topology.getName() + "': " + e.getMessage());
        }
        if (sameLayout(packing, current)) {
            throw new CliException("the update changes nothing: the new packing plan equals the current one");
        }
        return new Plan(next.build(), packing);
    }

    private static boolean sameLayout(PackingPlan a, PackingPlan b) {
        return a.toBuilder()
                .clearNextTaskId()
                .build()
                .equals(b.toBuilder().clearNextTaskId().build());
    }

    private static PackingPlan packingPlan(StateManager state, String name) {
        return state.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
                .orElseThrow(() -> new CliException("no packing plan for '" + name + "'"));
    }

    /** {@code component:N} pairs; each component once, N at least 1. */
    static Map<String, Integer> parse(List<String> specs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new CliException("--component-parallelism wants <component>:<N>, got '" + spec + "'");
            }
            String component = spec.substring(0, colon);
            int n;
            try {
                n = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CliException("--component-parallelism wants <component>:<N>, got '" + spec + "'");
            }
            if (n < 1) {
                throw new CliException("the parallelism of '" + component + "' must be at least 1, got " + n);
            }
            if (out.put(component, n) != null) {
                throw new CliException("component '" + component + "' is named twice in --component-parallelism");
            }
        }
        return out;
    }

    private static Map<String, Integer> instanceCounts(PackingPlan plan) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ContainerPlan c : plan.getContainersList()) {
            for (InstancePlan i : c.getInstancesList()) {
                counts.merge(i.getComponent(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String summary(PackingPlan current, PackingPlan next) {
        List<String> parts = new ArrayList<>();
        Map<String, Integer> before = instanceCounts(current);
        Map<String, Integer> after = instanceCounts(next);
        after.forEach((c, n) -> {
            int was = before.getOrDefault(c, 0);
            if (was != n) {
                parts.add(c + " " + was + " -> " + n + " instances");
            }
        });
        Set<Integer> was = ids(current);
        Set<Integer> now = ids(next);
        List<String> containers = new ArrayList<>();
        now.stream().filter(id -> !was.contains(id)).forEach(id -> containers.add("+" + id));
        was.stream().filter(id -> !now.contains(id)).forEach(id -> containers.add("-" + id));
        parts.add("containers " + current.getContainersCount() + " -> " + next.getContainersCount()
                + (containers.isEmpty() ? "" : " (" + String.join(" ", containers) + ")"));
        return String.join(", ", parts);
    }

    private static Set<Integer> ids(PackingPlan plan) {
        Set<Integer> ids = new TreeSet<>();
        plan.getContainersList().forEach(c -> ids.add(c.getId()));
        return ids;
    }

    /** The new plan as a table (+ added, - removed, > moved here) and as JSON. */
    private void print(String name, PackingPlan current, PackingPlan next) throws Exception {
        Map<Integer, Integer> wasIn = new TreeMap<>();
        current.getContainersList()
                .forEach(c -> c.getInstancesList().forEach(i -> wasIn.put(i.getTaskId(), c.getId())));
        ctx.say("Dry run: '" + name + "' would change: " + summary(current, next));
        ctx.say(String.format(
                "%-10s %8s %5s %9s  %s",
                "CONTAINER", "RAM(MB)", "CPU", "DISK(MB)", "INSTANCES (component:task; + new, > moved here)"));
        Set<Integer> old = ids(current);
        for (ContainerPlan c : next.getContainersList()) {
            List<String> cells = new ArrayList<>();
            for (InstancePlan i : c.getInstancesList()) {
                Integer from = wasIn.get(i.getTaskId());
                String mark = from == null ? "+" : from != c.getId() ? ">" : "";
                cells.add(mark + i.getComponent() + ":" + i.getTaskId());
            }
            ctx.say(String.format(
                    "%-10s %8d %5s %9d  %s",
                    (old.contains(c.getId()) ? "" : "+") + c.getId(),
                    c.getRequired().getRamMb(),
                    fmt(c.getRequired().getCpu()),
                    c.getRequired().getDiskMb(),
                    String.join(" ", cells)));
        }
        for (ContainerPlan c : current.getContainersList()) {
            if (!ids(next).contains(c.getId())) {
                ctx.say(String.format("%-10s %8s %5s %9s  %s", "-" + c.getId(), "-", "-", "-", "(removed)"));
            }
        }
        List<String> gone = new ArrayList<>();
        Set<Integer> kept = new TreeSet<>();
        next.getContainersList().forEach(c -> c.getInstancesList().forEach(i -> kept.add(i.getTaskId())));
        current.getContainersList()
                .forEach(c -> c.getInstancesList().forEach(i -> {
                    if (!kept.contains(i.getTaskId())) {
                        gone.add(i.getComponent() + ":" + i.getTaskId());
                    }
                }));
        if (!gone.isEmpty()) {
            ctx.say("Removed instances: " + String.join(" ", gone));
        }
        ctx.say("Packing plan (JSON):");
        ctx.say(JsonFormat.printer().includingDefaultValueFields().print(next));
    }

    private static String fmt(double cpu) {
        return cpu == Math.rint(cpu) ? Long.toString((long) cpu) : Double.toString(cpu);
    }
}
