package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OffThreadCallsTest {
    @Test
    void callsFromOtherThreadsRunOnTheTaskThreadInTheirOrder() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        OffThreadCalls calls = new OffThreadCalls(wakes::incrementAndGet);
        calls.bindTaskThread();
        assertTrue(calls.onTaskThread());
        List<Integer> ran = new ArrayList<>();
        List<Thread> ranOn = new ArrayList<>();
        Thread other = new Thread(() -> {
            assertFalse(calls.onTaskThread());
            for (int i = 0; i < 100; i++) {
                int n = i;
                calls.submit(() -> {
                    ran.add(n);
                    ranOn.add(Thread.currentThread());
                });
            }
        });
        other.start();
        other.join();
        assertTrue(ran.isEmpty(), "nothing runs until the task thread runs it");
        assertEquals(1, wakes.get(), "one wake-up for calls queued while none was taken");
        calls.runPending();
        assertEquals(100, ran.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, ran.get(i));
            assertEquals(Thread.currentThread(), ranOn.get(i));
        }
        Thread again = new Thread(() -> calls.submit(() -> ran.add(-1)));
        again.start();
        again.join();
        assertEquals(2, wakes.get(), "a call queued after the queue was emptied wakes the task thread again");
    }

    @Test
    void aCallThatUsesTheCollectorDoesNotRunTheQueueAgain() throws Exception {
        OffThreadCalls calls = new OffThreadCalls(() -> {});
        calls.bindTaskThread();
        List<String> ran = new ArrayList<>();
        Thread other = new Thread(() -> {
            calls.submit(() -> {
                ran.add("first, start");
                calls.runPending(); // as a collector call made from inside a queued call would
                ran.add("first, end");
            });
            calls.submit(() -> ran.add("second"));
        });
        other.start();
        other.join();
        calls.runPending();
        assertEquals(List.of("first, start", "first, end", "second"), ran);
    }

    @Test
    void otherThreadsWaitWhileTheQueueIsFull() throws Exception {
        OffThreadCalls calls = new OffThreadCalls(() -> {});
        calls.bindTaskThread();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            for (int i = 0; i < OffThreadCalls.CAPACITY + 10; i++) {
                calls.submit(ran::incrementAndGet);
            }
            done.countDown();
        });
        other.start();
        assertFalse(done.await(300, TimeUnit.MILLISECONDS), "the producer waits for room");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (done.getCount() > 0 && System.nanoTime() < deadline) {
            calls.runPending();
        }
        calls.runPending();
        other.join();
        assertEquals(OffThreadCalls.CAPACITY + 10, ran.get());
    }
}
