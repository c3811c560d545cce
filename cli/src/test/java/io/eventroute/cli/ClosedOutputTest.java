package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that stream output stop once nobody reads it ({@code ... | head -1}), even on an endless input. */
class ClosedOutputTest {
    private static final byte[] EVENT = ("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\"}\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] CASE = ("{\"filter\":\"true\",\"event\":{}}\n").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** The same line, forever. */
    private static InputStream endless(byte[] line) {
        return new InputStream() {
            private int at;

            @Override
            public int read() {
                int b = line[at] & 0xFF;
                at = (at + 1) % line.length;
                return b;
            }
        };
    }

    /** A stream that fails as a pipe whose reader left does, once {@code accepted} bytes went through. */
    private static PrintStream closingAfter(int accepted) {
        return new PrintStream(new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > accepted) {
                    throw new IOException("Broken pipe");
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static int run(InputStream in, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        return CompletableFuture.supplyAsync(() -> Main.run(args, in, closingAfter(100),
                new PrintStream(err, true, StandardCharsets.UTF_8))).get(Jvm.HANG_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void matchAndEvalCasesStopWhenTheirOutputCloses() throws Exception {
        Path routes = dir.resolve("routes.jsonl");
        Files.writeString(routes, "{\"id\":\"all\",\"filter\":\"true\"}\n");
        assertEquals(141, run(endless(EVENT), "match", "--routes", routes.toString(), "--events", "-"));
        assertEquals(141, run(endless(CASE), "eval", "--cases", "-"));
    }

    @Test
    void aRealPipeThatClosesStopsTheProcess() throws Exception {
        Path routes = dir.resolve("routes.jsonl");
        Files.writeString(routes, "{\"id\":\"all\",\"filter\":\"true\"}\n");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "match", "--routes", routes.toString(),
                "--events", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = p.getOutputStream()) {
                while (true) {
                    stdin.write(EVENT);
                }
            } catch (IOException e) {
                // The process ended: its standard input closed.
            }
        });
        feeder.setDaemon(true);
        feeder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(out.readLine().startsWith("{\"id\":\"e\""));
        } // like head -1: read one line and go
        boolean ended = p.waitFor(Jvm.HANG_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "match went on writing to a closed pipe");
        assertEquals(141, p.exitValue());
    }
}
