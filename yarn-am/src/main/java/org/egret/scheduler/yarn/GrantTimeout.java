package org.egret.scheduler.yarn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.yarn.api.records.Resource;

/** Why the containers an update adds did not all run in time, in terms an operator can act on. */
final class GrantTimeout {
    private GrantTimeout() {}

    /**
     * E.g. "YARN granted 0 of 1 new containers (index 3: &lt;memory:1152, vCores:1&gt;) within 60 s; ...".
     * {@code granted}: the indexes that have a container; {@code notStarted}: the wanted ones not
     * started yet; {@code headroom}: what the ResourceManager says the application may still get.
     */
    static String reason(
            Map<Integer, Resource> want,
            Set<Integer> granted,
            List<Integer> notStarted,
            Duration timeout,
            Resource headroom) {
        Map<Integer, Resource> notGranted = new TreeMap<>(want);
        notGranted.keySet().removeAll(granted);
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        if (notGranted.isEmpty()) {
            return "YARN granted every new container, but the NodeManagers did not report containers " + notStarted
                    + " started within " + within;
        }
        StringBuilder missing = new StringBuilder();
        notGranted.forEach((i, r) -> missing.append(missing.length() == 0 ? "" : ", ")
                .append("index ")
                .append(i)
                .append(": ")
                .append(r));
        return "YARN granted " + (want.size() - notGranted.size()) + " of " + want.size() + " new containers ("
                + missing + ") within " + within + "; the cluster lacks free resources"
                + (headroom == null ? "" : " (the application's headroom is " + headroom + ")");
    }
}
