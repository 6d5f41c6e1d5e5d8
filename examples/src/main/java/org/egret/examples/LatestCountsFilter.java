package org.egret.examples;

import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.trident.operation.BaseFilter;
import org.apache.storm.trident.operation.TridentOperationContext;
import org.apache.storm.trident.tuple.TridentTuple;

/** Keeps the latest (word, count) it sees in {@code <dir>/counts-<partition>.txt} (see CountsFile). */
public final class LatestCountsFilter extends BaseFilter {
    private final String dir;
    private transient Map<String, Long> counts;
    private transient int partition;

    public LatestCountsFilter(String dir) {
        this.dir = dir;
    }

    @Override
    public void prepare(Map<String, Object> conf, TridentOperationContext context) {
        counts = new TreeMap<>();
        partition = context.getPartitionIndex();
    }

    @Override
    public boolean isKeep(TridentTuple tuple) {
        counts.put(tuple.getStringByField("word"), tuple.getLongByField("count"));
        CountsFile.write(dir, partition, counts);
        return true;
    }
}
