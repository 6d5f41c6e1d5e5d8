package org.egret.scheduler.mesos.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.egret.scheduler.mesos.RecordIo;

/**
 * One subscription's event stream in the simulated Mesos master: RecordIO records written into
 * the chunked HTTP response, each deliberately split across two chunks (and the split point
 * moving), so a client that assumes chunk == record fails here as it would against a real master
 * behind a proxy.
 */
final class SimulatedEventStream {
    final String streamId;
    private final OutputStream out;
    private final CountDownLatch closed = new CountDownLatch(1);
    private int split;

    SimulatedEventStream(String streamId, OutputStream out) {
        this.streamId = streamId;
        this.out = out;
    }

    /** Writes one event; false (and the stream closed) if the client has gone. */
    synchronized boolean send(Event event) {
        if (isClosed()) {
            return false;
        }
        byte[] rec = RecordIo.encode(event.toByteArray());
        int cut = 1 + (split++ % Math.max(1, rec.length - 1));
        try {
            out.write(rec, 0, cut);
            out.flush();
            out.write(rec, cut, rec.length - cut);
            out.flush();
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    void close() {
        closed.countDown();
    }

    void awaitClosed() throws InterruptedException {
        closed.await();
    }
}
