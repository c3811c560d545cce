package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code eventroute} launcher script builds the command line when its jar is missing. The build
 * runs with a stand-in {@code mvn} that records how it was called: with colour off, and without the
 * terminal resets ({@code ESC[0m}) Maven 3.8's console library otherwise writes to standard error in
 * batch mode, before the command's own output.
 */
class LauncherTest {

    @Test
    void theFirstBuildRunsMavenInBatchModeWithColourAndTerminalResetsOff(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("checkout"));
        Path launcher = Files.copy(Cli.root().resolve("eventroute"), root.resolve("eventroute"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path invocation = dir.resolve("invocation");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nprintf '%s\\n' \"MAVEN_OPTS=$MAVEN_OPTS\" \"$@\" > '" + invocation + "'\nexit 3\n");
        assertTrue(mvn.toFile().setExecutable(true));

        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--version").redirectErrorStream(false);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), err);

        List<String> args = Files.readAllLines(invocation, StandardCharsets.UTF_8);
        assertTrue(args.get(0).contains("-Djansi.noreset=true"), args::toString);
        assertTrue(args.contains("-B"), args::toString);
        assertTrue(args.contains("-Dstyle.color=never"), args::toString);
        assertTrue(args.containsAll(List.of("-pl", "cli", "-am", "package")), args::toString);
        assertEquals("building eventroute...\n", err);
        assertFalse(err.contains("\u001b"), err);
    }
}
