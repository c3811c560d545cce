package io.eventroute.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A server process for {@link StoreCrashTest} and {@link IngressCrashTest}: starts, writes its port to a file, and runs until killed. */
public final class CrashTarget {
    private CrashTarget() {
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
