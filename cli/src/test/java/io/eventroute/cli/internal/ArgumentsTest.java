package io.eventroute.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static byte[] cmdline(String... entries) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String e : entries) {
            b.writeBytes(e.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }

    @Test
    void argumentsMangledByAnAsciiLocaleAreReadAgainAsUtf8() {
        byte[] raw = cmdline("java", "-jar", "eventroute.jar", "eval", "--filter", "subject = 'Raum-ü'", "-");
        assertArrayEquals(new String[] {"eval", "--filter", "subject = 'Raum-ü'", "-"},
                Arguments.asTyped(new String[] {"eval", "--filter", "subject = 'Raum-\uFFFD\uFFFD'", "-"}, raw));
        assertArrayEquals(new String[] {"subject = 'Raum-ü'", "-"},
                Arguments.asTyped(new String[] {"subject = 'Raum-??'", "-"}, raw), "as the 646 decoder mangles them");
    }

    @Test
    void argumentsThatAreNotTheCommandLinesAreLeftAlone() {
        byte[] raw = cmdline("java", "Main", "validate", "x = 'ü'");
        String[] other = {"validate", "y = '\uFFFD\uFFFD'"};
        assertArrayEquals(other, Arguments.asTyped(other, raw));
        String[] more = {"a", "b", "c", "d", "e"};
        assertArrayEquals(more, Arguments.asTyped(more, raw));
    }
}
