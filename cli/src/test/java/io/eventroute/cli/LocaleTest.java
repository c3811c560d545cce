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
}
