package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;
import org.junit.jupiter.api.Test;

class SinkFanoutTest {
    /** Records calls; optionally throws on each. */
    private static final class RecordingSink implements MetricsSink {
        final List<String> calls = new ArrayList<>();
        final boolean fail;

        RecordingSink(boolean fail) {
            this.fail = fail;
        }

        private void call(String what) {
            calls.add(what);
            if (fail) {
                throw new IllegalStateException("sink broke on " + what);
            }
        }

        @Override
        public void start(ProcessOptions options) {}

        @Override
        public void write(MetricsBatch batch) {
            call("write " + batch.getSource());
        }

        @Override
        public void flush() {
            call("flush");
        }

        @Override
        public void close() {
            call("close");
        }
    }

    @Test
    void aThrowingSinkDoesNotStopTheOthers() {
        RecordingSink broken = new RecordingSink(true);
        RecordingSink healthy = new RecordingSink(false);
        SinkFanout fanout = new SinkFanout(List.of(broken, healthy));
        fanout.write(MetricsBatch.newBuilder().setSource("a").build());
        fanout.flush();
        fanout.close();
        List<String> expected = List.of("write a", "flush", "flush", "close");
        assertEquals(expected, broken.calls);
        assertEquals(expected, healthy.calls);
    }
}
