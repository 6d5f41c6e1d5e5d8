package org.egret.runtime;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The arguments a process was started with, whole. {@link ProcessHandle.Info#arguments()} reads only
 * the first page of a Linux command line and reports no arguments at all past it, and an executor
 * under YARN, whose paths are long, passes 4 KB as soon as its install lies a few characters deeper.
 * Anything that finds Egret's processes by their markers reads them here instead.
 */
public final class ProcessArguments {
    private static final Path PROC = Path.of("/proc");

    private ProcessArguments() {}

    /**
     * The arguments after the program, as {@link ProcessHandle.Info#arguments()} gives them; empty once
     * the process is gone or its command line cannot be read (a zombie has none).
     */
    public static Optional<List<String>> of(ProcessHandle process) {
        Path cmdline = PROC.resolve(Long.toString(process.pid())).resolve("cmdline");
        if (!Files.isDirectory(PROC)) {
            return process.info().arguments().map(List::of);
        }
        byte[] raw;
        try {
            raw = Files.readAllBytes(cmdline);
        } catch (IOException e) { // gone, or another user's
            return Optional.empty();
        }
        if (raw.length == 0) {
            return Optional.empty();
        }
        // NUL-separated, with a NUL after the last argument
        String[] all = new String(
                        raw, 0, raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length, Charset.defaultCharset())
                .split("\0", -1);
        return Optional.of(List.of(Arrays.copyOfRange(all, 1, all.length)));
    }

    /** Whether the process was started with exactly this argument. */
    public static boolean has(ProcessHandle process, String argument) {
        return of(process).map(args -> args.contains(argument)).orElse(false);
    }

    /** The live processes started with exactly this argument. */
    public static Stream<ProcessHandle> withArgument(String argument) {
        return ProcessHandle.allProcesses().filter(p -> has(p, argument));
    }
}
