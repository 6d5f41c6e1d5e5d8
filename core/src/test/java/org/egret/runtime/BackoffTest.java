package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static List<Long> delays(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next());
        }
        return out;
    }

    @Test
    void delaysDoubleUpToTheCapAndStartAfreshAfterAReset() {
        // a stream manager's peer link: 50 ms, then doubling up to egret.stmgr.reconnect.max.ms
        Backoff b = new Backoff(50, 1000);
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1000L, 1000L), delays(b, 7));
        b.reset();
        assertEquals(List.of(50L, 100L), delays(b, 2));
    }

    @Test
    void aCapBelowTheFirstDelayShortensOnlyTheLaterOnes() {
        // a supervised child with restart.backoff.ms above restart.backoff.max.ms, as Supervisor always had it
        assertEquals(List.of(5000L, 3000L, 3000L), delays(new Backoff(5000, 3000), 3));
    }

    @Test
    void aFirstDelayOfZeroStaysZero() {
        assertEquals(List.of(0L, 0L, 0L), delays(new Backoff(0, 30_000), 3));
    }

    @Test
    void afterAFailureAnAttemptWaitsForItsPauseWhichDoublesUntilASuccess() {
        // a metrics sink, asked on every flush whether it may reconnect
        Backoff b = new Backoff(100, 1000);
        long t = 1_000_000;
        assertTrue(b.mayTry(t), "no failure yet");
        b.failed(t);
        assertFalse(b.mayTry(t + 99));
        assertTrue(b.mayTry(t + 100));
        b.failed(t + 100);
        assertFalse(b.mayTry(t + 299), "the pause doubled");
        assertTrue(b.mayTry(t + 300));
        for (int i = 0; i < 5; i++) {
            b.failed(t);
        }
        assertFalse(b.mayTry(t + 999));
        assertTrue(b.mayTry(t + 1000), "the pause stops at the cap");
        b.reset();
        assertTrue(b.mayTry(t), "a success lets the next attempt start at once");
        b.failed(t);
        assertFalse(b.mayTry(t + 99));
        assertTrue(b.mayTry(t + 100), "and the pause starts again from the first");
    }

    @Test
    void threadsTakingDelaysAtOnceEachGetTheirOwn() throws InterruptedException {
        // the Mesos subscription and the stream manager's TM link fail and succeed on different threads
        int threads = 8;
        int each = 6;
        Backoff b = new Backoff(1, 1L << 60);
        ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < each; j++) {
                    taken.add(b.next());
                }
            });
            t.start();
            started.add(t);
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        Set<Long> expected = new TreeSet<>();
        for (int k = 0; k < threads * each; k++) {
            expected.add(1L << k);
        }
        assertEquals(threads * each, taken.size());
        assertEquals(expected, new TreeSet<>(taken), "each delay of the sequence handed out exactly once");
    }
}
