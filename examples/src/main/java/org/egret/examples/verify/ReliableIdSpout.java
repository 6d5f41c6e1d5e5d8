package org.egret.examples.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Values;
import org.egret.examples.AppendedFile;
import org.egret.examples.AtomicFile;

/**
 * A reliable spout: emits ids 1..N with the id as message id, replays failed ids, and keeps score
 * of Storm's contract (ack or fail once per emit, every id acked in the end). Writes its score to
 * {@code <dir>/spout-<task>.txt} a few times a second: {@code acked dups fails emitted}, and every id
 * it was told failed (so replayed) to {@code <dir>/failed-<task>.txt}, one per line, before the score
 * that counts it.
 */
public class ReliableIdSpout extends BaseRichSpout {
    private final long limit;
    private final String dir;
    private final long perSecond;
    private final int payloadBytes;
    private transient String payload;
    private transient long startMs;
    private transient SpoutOutputCollector collector;
    private transient BitSet acked;
    private transient ArrayDeque<Long> replay;
    private transient long next;
    private transient long ackedCount;
    private transient long dups;
    private transient long fails;
    private transient long emitted;
    private transient long lastWrite;
    private transient Path score;
    private transient BufferedWriter failed;

    /** {@code perSecond}: at most this many new ids a second (replays are not paced); 0 = no limit. */
    public ReliableIdSpout(long limit, String dir, long perSecond) {
        this(limit, dir, perSecond, 0);
    }

    /** {@code payloadBytes}: a padding field of this many characters travels with each id. */
    public ReliableIdSpout(long limit, String dir, long perSecond, int payloadBytes) {
        this.limit = limit;
        this.dir = dir;
        this.perSecond = perSecond;
        this.payloadBytes = payloadBytes;
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        this.collector = collector;
        acked = new BitSet();
        replay = new ArrayDeque<>();
        payload = "x".repeat(payloadBytes);
        next = 1;
        startMs = System.currentTimeMillis();
        try {
            Path d = Files.createDirectories(Path.of(dir));
            score = d.resolve("spout-" + context.getThisTaskId() + ".txt");
            failed = AppendedFile.open(dir, "failed-" + context.getThisTaskId() + ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void nextTuple() {
        long now = System.currentTimeMillis();
        Long id = replay.poll();
        if (id == null
                && next <= limit
                && (perSecond <= 0 || next <= (now - startMs) * perSecond / 1000)
                && mayEmit(next)) {
            id = next++;
        }
        if (id != null) {
            collector.emit(tupleOf(id), id);
            emitted++;
        } else if (next > limit) {
            afterLast(collector);
        }
        if (now - lastWrite > 200) {
            lastWrite = now;
            writeScore();
        }
    }

    /** The values of id's tuple; the fields are {@link #declareOutputFields}'s. */
    protected List<Object> tupleOf(long id) {
        return new Values(id, payload);
    }

    /** Whether new id {@code id} may go now (the pace allows it); false holds it back until a later call. */
    protected boolean mayEmit(long id) {
        return true;
    }

    /** Called from nextTuple once every id has been emitted (also with replays pending). */
    protected void afterLast(SpoutOutputCollector collector) {}

    @Override
    public void ack(Object msgId) {
        int id = (int) (long) (Long) msgId;
        if (acked.get(id)) {
            dups++;
        } else {
            acked.set(id);
            ackedCount++;
        }
    }

    @Override
    public void fail(Object msgId) {
        fails++;
        replay.add((Long) msgId);
        try {
            failed.write(msgId + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeScore() {
        try {
            failed.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFile.replace(score, ackedCount + " " + dups + " " + fails + " " + emitted + "\n");
    }

    @Override
    public void close() {
        writeScore();
        AppendedFile.close(failed);
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        declarer.declare(new Fields("id", "pad"));
    }
}
