package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessArgumentsTest {
    @Test
    void readsACommandLineLongerThanAPageWhole() throws Exception {
        // sleep adds up its arguments: 30 s, then 3,000 zeros, about 6 KB in all
        List<String> args = new ArrayList<>(List.of("30"));
        args.addAll(Collections.nCopies(3000, "0"));
        args.add("0.0");
        List<String> cmd = new ArrayList<>(List.of("sleep"));
        cmd.addAll(args);
        Process child = new ProcessBuilder(cmd).start();
        try {
            Optional<List<String>> read = ProcessArguments.of(child.toHandle());
            assertEquals(Optional.of(args), read);
            assertTrue(ProcessArguments.has(child.toHandle(), "0.0"), "the last argument, past the first page");
            assertTrue(ProcessArguments.withArgument("0.0").anyMatch(p -> p.pid() == child.pid()));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aProcessThatIsGoneHasNone() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertEquals(0, child.waitFor());
        assertEquals(Optional.empty(), ProcessArguments.of(child.toHandle()));
        assertFalse(ProcessArguments.has(child.toHandle(), "true"));
    }
}
