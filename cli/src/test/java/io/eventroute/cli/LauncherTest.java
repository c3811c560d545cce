package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code eventroute} launcher script builds the command line when its jar is missing. The build
 * runs with a stand-in {@code mvn} that records how it was called: with colour off, and without the
 * terminal resets ({@code ESC[0m}) Maven 3.8's console library otherwise writes to standard error in
 * batch mode, before the command's own output. Its class archive (CDS) is made once per jar by a short
 * run, used by every start after it, and a failed attempt is not repeated for the same jar.
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

    @Test
    void aClassArchiveIsMadeOncePerJarAndUsedByEveryStart(@TempDir Path dir) throws Exception {
        Path root = probeCheckout(dir);
        Path archive = root.resolve("cli/target/eventroute.jsa");
        Path log = dir.resolve("log");

        Run first = launch(root, log, Map.of());
        assertEquals("", first.err);
        assertEquals(List.of("generate", "match", "show"), Files.readAllLines(log), "trained once, then the command");
        assertTrue(Files.size(archive) > 0);
        assertTrue(first.out.contains("-XX:SharedArchiveFile=" + archive), first.out);

        Files.delete(log);
        Run second = launch(root, log, Map.of());
        assertEquals("", second.err);
        assertEquals(List.of("show"), Files.readAllLines(log), "the archive is made once");
        assertTrue(second.out.contains("-XX:SharedArchiveFile=" + archive), second.out);

        // A rebuilt jar (newer than its archive) gets a new one.
        Path jar = root.resolve("cli/target/eventroute.jar");
        assertTrue(archive.toFile().setLastModified(jar.toFile().lastModified() - 10_000));
        Files.delete(log);
        launch(root, log, Map.of());
        assertEquals(List.of("generate", "match", "show"), Files.readAllLines(log));
        assertFalse(jar.toFile().lastModified() > archive.toFile().lastModified(), "the new archive is current");
        Files.delete(log);
        launch(root, log, Map.of());
        assertEquals(List.of("show"), Files.readAllLines(log));
    }

    @Test
    void aFailedArchiveIsNotTriedAgainForTheSameJar(@TempDir Path dir) throws Exception {
        Path root = probeCheckout(dir);
        Path log = dir.resolve("log");
        Run first = launch(root, log, Map.of("PROBE_TRAINING_EXIT", "1"));
        assertEquals("", first.err);
        assertEquals(List.of("generate", "show"), Files.readAllLines(log));
        assertFalse(Files.exists(root.resolve("cli/target/eventroute.jsa")));
        assertFalse(first.out.contains("SharedArchiveFile"), first.out);
        assertEquals(List.of(), leftovers(root), "no temporary files left");

        Files.delete(log);
        launch(root, log, Map.of("PROBE_TRAINING_EXIT", "1"));
        assertEquals(List.of("show"), Files.readAllLines(log), "not tried again");
    }

    private record Run(String out, String err) {
    }

    /** A checkout whose current jar holds {@link LauncherProbe} (classes from directories cannot be archived). */
    private static Path probeCheckout(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("checkout").resolve("cli/target")).getParent().getParent();
        Files.copy(Cli.root().resolve("eventroute"), root.resolve("eventroute"));
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        byte[] probe;
        try (var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            probe = in.readAllBytes();
        }
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(root.resolve("cli/target/eventroute.jar")),
                manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry(entry));
            jar.write(probe);
            jar.closeEntry();
        }
        return root;
    }

    private static Run launch(Path root, Path log, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("eventroute").toString(), "show");
        pb.environment().put("PROBE_LOG", log.toString());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        return new Run(out, err);
    }

    private static List<String> leftovers(Path root) throws Exception {
        try (var files = Files.list(root.resolve("cli/target"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".archive")).toList();
        }
    }
}
