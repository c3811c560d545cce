package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-ASCII arguments reach the commands intact without a UTF-8 locale (the usual case in containers). */
class LocaleTest {
    private static final Consumer<Map<String, String>> NO_LOCALE =
            env -> env.keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_") || k.equals("LANGUAGE"));

    @TempDir
    Path dir;

    @Test
    void aFilterWithNonAsciiTextMatchesWithTheLocaleUnset() throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"subject\":\"Raum-ü\"}\n", StandardCharsets.UTF_8);
        Jvm.Result r = Jvm.run(dir, NO_LOCALE, event, "eval", "--filter", "subject = 'Raum-ü'", "-");
        assertEquals(new Jvm.Result(0, "-: match\n", ""), r);

        r = Jvm.run(dir, NO_LOCALE, null, "validate", "--json", "subject = 'Raum-ü'");
        assertEquals(new Jvm.Result(0, "{\"filter\":\"subject = 'Raum-ü'\",\"valid\":true,\"diagnostics\":[]}\n", ""), r);
    }

    @Test
    void theLauncherSetsAUtf8LocaleWhenThereIsNone() throws Exception {
        // A checkout with the launcher and a current "jar" that runs EncodingProbe from the test classes.
        Path root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("cli/target"));
        Files.copy(Cli.root().resolve("eventroute"), root.resolve("eventroute"));
        Path classes = Path.of(EncodingProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, EncodingProbe.class.getName());
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(root.resolve("cli/target/eventroute.jar")),
                manifest)) {
            jar.flush();
        }
        ProcessBuilder b = new ProcessBuilder("bash", root.resolve("eventroute").toString(), "Raum-ü")
                .redirectErrorStream(true);
        NO_LOCALE.accept(b.environment());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("UTF-8 Raum-U+fc\n", out);
    }
}
