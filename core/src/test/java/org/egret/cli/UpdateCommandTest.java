package org.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateCommandTest {
    @Test
    void parsesComponentParallelismPairsInOrder() {
        assertEquals(Map.of("split", 4, "count", 1), UpdateCommand.parse(List.of("split:4", "count:1")));
        assertEquals(
                List.of("split", "count"),
                List.copyOf(UpdateCommand.parse(List.of("split:4", "count:1")).keySet()));
        assertEquals(Map.of("a:b", 2), UpdateCommand.parse(List.of("a:b:2")), "the last colon separates the number");
    }

    @Test
    void refusesMalformedZeroNegativeAndRepeatedSpecs() {
        assertEquals(
                "--component-parallelism wants <component>:<N>, got 'split'",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of("split")))
                        .getMessage());
        assertEquals(
                "--component-parallelism wants <component>:<N>, got 'split:x'",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of("split:x")))
                        .getMessage());
        assertEquals(
                "--component-parallelism wants <component>:<N>, got ':3'",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of(":3")))
                        .getMessage());
        assertEquals(
                "the parallelism of 'split' must be at least 1, got 0",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of("split:0")))
                        .getMessage());
        assertEquals(
                "the parallelism of 'split' must be at least 1, got -2",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of("split:-2")))
                        .getMessage());
        assertEquals(
                "component 'split' is named twice in --component-parallelism",
                assertThrows(CliException.class, () -> UpdateCommand.parse(List.of("split:2", "split:3")))
                        .getMessage());
    }
}
