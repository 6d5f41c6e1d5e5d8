package org.egret.examples.verify;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Values;

/**
 * Poison tuples: a reliable spout of ids 1..N whose every {@code every}-th id goes out the first time
 * with a value that its registered Kryo serializer refuses to read back, so the receiving sink cannot
 * deserialize that tuple. Its tree is failed, the spout replays the id, and the replay carries a clean
 * value. Over 2 containers, acking on. {@code args: <name> <dir> <N> <every>}.
 */
public final class PoisonTopology {
    private PoisonTopology() {}

    /** A tuple value whose serializer throws when it reads a poisoned one. */
    public static final class Marked {
        private boolean poison;

        public Marked() {}

        public Marked(boolean poison) {
            this.poison = poison;
        }
    }

    /** Registered for {@link Marked}: writes the mark, and refuses to read a marked value. */
    public static final class MarkedSerializer extends Serializer<Marked> {
        @Override
        public void write(Kryo kryo, Output output, Marked m) {
            output.writeBoolean(m.poison);
        }

        @Override
        public Marked read(Kryo kryo, Input input, Class<? extends Marked> type) {
            if (input.readBoolean()) {
                throw new KryoException("a poisoned value: this serializer refuses to read it");
            }
            return new Marked(false);
        }
    }

    /** Sends every {@code every}-th id poisoned the first time, clean when it is replayed. */
    public static final class PoisonIdSpout extends ReliableIdSpout {
        private final long every;
        private transient Set<Long> poisoned;

        public PoisonIdSpout(long limit, String dir, long every) {
            super(limit, dir, 0);
            this.every = every;
        }

        @Override
        protected List<Object> tupleOf(long id) {
            if (poisoned == null) {
                poisoned = new HashSet<>();
            }
            return new Values(id, new Marked(id % every == 0 && poisoned.add(id)));
        }
    }

    public static void main(String[] args) throws Exception {
        String dir = args[1];
        long n = Long.parseLong(args[2]);
        long every = Long.parseLong(args[3]);
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("ids", new PoisonIdSpout(n, dir, every), 1);
        b.setBolt("sink", new IdSinkBolt(dir), 2).shuffleGrouping("ids");
        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMaxSpoutPending(1000);
        conf.registerSerialization(Marked.class, MarkedSerializer.class);
        StormSubmitter.submitTopology(args[0], conf, b.createTopology());
    }
}
