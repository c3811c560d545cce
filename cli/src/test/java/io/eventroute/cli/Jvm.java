package io.eventroute.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the command line as its own process (java with the test class path, main class {@link Main}),
 * for what only a process shows: exit codes after System.exit and shutdown hooks, signals, the locale.
 * Standard output and error go to files, read once the process ends.
 */
final class Jvm {
    /** Generous: a run that takes longer has hung (the tests wait on the process, not on a clock). */
    static final long HANG_SECONDS = 120;

    private Jvm() {
    }

    /** A finished (or killed) process's exit code and outputs. */
    record Result(int exit, String out, String err) {
    }

    /** A started process and where its outputs go. */
    record Started(Process process, Path out, Path err) {
        /** Waits for the end (killing the process after {@link #HANG_SECONDS}, which then fails the caller). */
        Result await() throws IOException, InterruptedException {
            boolean ended = process.waitFor(HANG_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            Result r = new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (!ended) {
                throw new AssertionError("the process did not end within " + HANG_SECONDS + " s: " + r);
            }
            return r;
        }

        /** The standard error written so far. */
        String errSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    /** Starts {@code eventroute args} in {@code dir}, its environment changed by {@code env}, stdin from {@code stdin}. */
    static Started start(Path dir, Consumer<Map<String, String>> env, Path stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile());
        env.accept(b.environment());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        b.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            b.redirectInput(stdin.toFile());
        }
        return new Started(b.start(), out, err);
    }

    /** Runs {@code eventroute args} to its end. */
    static Result run(Path dir, Consumer<Map<String, String>> env, Path stdin, String... args)
            throws IOException, InterruptedException {
        return start(dir, env, stdin, args).await();
    }
}
