package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessOptionsPortsTest {
    private static final List<String> BASE =
            List.of("--topology", "t", "--container-dir", "/tmp/c", "--conf-dir", "/tmp/conf");

    private static ProcessOptions parse(String... extra) {
        List<String> args = new java.util.ArrayList<>(BASE);
        args.addAll(List.of(extra));
        return ProcessOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void grantedPortsAreParsedAndNotPassedOnToChildren() {
        ProcessOptions o = parse("--ports", "31000, 31001,31005", "--port", "31000");
        assertEquals(List.of(31000, 31001, 31005), o.ports());
        assertEquals(31000, o.port());
        List<String> child = o.toArgs("stmgr");
        assertFalse(child.contains("--ports") || child.contains("--port"), child.toString());
    }

    @Test
    void withoutPortsServersBindAnyFreePort() {
        assertEquals(List.of(), parse().ports());
        assertEquals(0, parse().port());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertEquals(
                "--ports: 70000 is not a port",
                assertThrows(IllegalArgumentException.class, () -> parse("--ports", "70000"))
                        .getMessage());
    }
}
