package org.egret.examples.verify;

import java.nio.file.Path;
import java.util.List;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;

/**
 * The windows topology's source: reliable ids 1..{@link WindowsTopology#IDS} with the event times of
 * {@link WindowsTopology#eventTime}, then {@link WindowsTopology#FILLERS} unreliable ids after them
 * that push the last reliable ids out of every window (so each gets acked).
 *
 * <p>The late ids wait until every event-time bolt has reported a window ending at
 * {@link WindowsTopology#LATE_AFTER_WINDOW_END} or later: its watermark has then passed their event
 * times for sure, so they are late by Storm's rule whatever the machine's speed.
 */
public final class WindowEventSpout extends ReliableIdSpout {
    private final String dir;
    private final List<String> eventTimeBolts;
    /**
     * Storm's watermark thread closes a window before it records the watermark that late tuples are
     * checked against: give it this long after the window's report.
     */
    private static final long SETTLE_MS = 300;

    private transient long lastLook;
    private transient long gateOpenedAt;
    private transient boolean fillersSent;

    public WindowEventSpout(String dir, long perSecond, List<String> eventTimeBolts) {
        super(WindowsTopology.IDS, dir, perSecond);
        this.dir = dir;
        this.eventTimeBolts = List.copyOf(eventTimeBolts);
    }

    @Override
    protected List<Object> tupleOf(long id) {
        return new Values(id, WindowsTopology.eventTime(id));
    }

    @Override
    protected boolean mayEmit(long id) {
        if (id != WindowsTopology.firstLateId()) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (gateOpenedAt > 0) {
            return now - gateOpenedAt >= SETTLE_MS;
        }
        if (now - lastLook < 50) {
            return false;
        }
        lastLook = now;
        for (String bolt : eventTimeBolts) {
            if (WindowSummaryBolt.lastWindowEnd(Path.of(dir), bolt) < WindowsTopology.LATE_AFTER_WINDOW_END) {
                return false;
            }
        }
        gateOpenedAt = now;
        return false;
    }

    @Override
    protected void afterLast(SpoutOutputCollector collector) {
        if (fillersSent) {
            return;
        }
        fillersSent = true;
        for (long id = WindowsTopology.IDS + 1; id <= WindowsTopology.IDS + WindowsTopology.FILLERS; id++) {
            collector.emit(new Values(id, WindowsTopology.eventTime(id)));
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "ts"));
    }
}
