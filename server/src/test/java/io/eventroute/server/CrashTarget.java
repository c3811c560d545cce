package io.eventroute.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A server process for {@link StoreCrashTest} and {@link IngressCrashTest}: starts, writes its port to a file, and runs until killed. */
public final class CrashTarget {
    private CrashTarget() {
    }

    /**
     * Starts this class in a new JVM with the store in {@code dir/store} (plus the file every event goes
     * to, when given), its output in {@code dir/server.log}, and waits for its port.
     *
     * @return the process and its port
     */
    static Started launch(Path dir, String... eventsFile) throws Exception {
        Path portFile = dir.resolve("port");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CrashTarget.class.getName(), dir.resolve("store").toString(),
                portFile.toString()));
        command.addAll(java.util.List.of(eventsFile));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile())
                .start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("the server process did not start in 60 s: " + Files.readString(dir.resolve("server.log")));
            }
            Thread.sleep(20);
        }
        return new Started(p, Integer.parseInt(Files.readString(portFile).trim()));
    }

    /** A started server process and its port. */
    record Started(Process process, int port) {
    }

    /** Arguments: the store directory, the port file, and optionally a file every event is delivered to. */
    public static void main(String[] args) throws Exception {
        TestServer t = TestServer.start(Path.of(args[0]), ServerSettings.of("127.0.0.1", 0, TestServer.tokens()), List.of());
        if (args.length > 2) {
            t.router.putEndpoint("out", "file", java.util.Map.of("path", args[2]));
            t.router.putRoute("to-file", "out", "true");
        }
        Path port = Path.of(args[1]);
        Files.writeString(port.resolveSibling(port.getFileName() + ".tmp"), Integer.toString(t.server.port()));
        Files.move(port.resolveSibling(port.getFileName() + ".tmp"), port);
        Thread.sleep(Long.MAX_VALUE);
    }
}
