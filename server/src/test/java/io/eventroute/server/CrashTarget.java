package io.eventroute.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A server process for {@link StoreCrashTest}: starts, writes its port to a file, and runs until killed. */
public final class CrashTarget {
    private CrashTarget() {
    }

    public static void main(String[] args) throws Exception {
        TestServer t = TestServer.start(Path.of(args[0]), ServerSettings.of("127.0.0.1", 0, TestServer.tokens()), List.of());
        Path port = Path.of(args[1]);
        Files.writeString(port.resolveSibling(port.getFileName() + ".tmp"), Integer.toString(t.server.port()));
        Files.move(port.resolveSibling(port.getFileName() + ".tmp"), port);
        Thread.sleep(Long.MAX_VALUE);
    }
}
