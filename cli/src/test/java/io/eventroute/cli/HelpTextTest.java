package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * Every command's help renders as written. picocli formats help texts with {@code String.format}: a
 * lone {@code %} ("55% telemetry") is read as a format specifier, and picocli then prints a warning on
 * the process's standard error, outside the command's own streams, so this test watches that too.
 */
class HelpTextTest {

    @Test
    void everyCommandIsListedUnderItsOwnName() {
        Main.COMMANDS.forEach((name, c) -> assertEquals(name, c.getAnnotation(Command.class).name()));
        assertEquals(10, Main.COMMANDS.size());
    }

    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        List<String> commands = new ArrayList<>();
        commands.add(null); // eventroute --help
        commands.addAll(Main.COMMANDS.keySet());
        ByteArrayOutputStream processErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
        try {
            for (String command : commands) {
                Cli.Result r = command == null ? Cli.run("--help") : Cli.run(command, "--help");
                assertEquals(0, r.exit(), () -> command + " --help: " + r);
                assertEquals("", r.err(), () -> command + " --help");
                assertTrue(!r.out().contains("%n") && !r.out().contains("%%"), () -> command + " --help:\n" + r.out());
            }
        } finally {
            System.setErr(original);
        }
        assertEquals("", processErr.toString(StandardCharsets.UTF_8));
        String generate = Cli.run("generate", "--help").out().replace('\n', ' ');
        assertTrue(generate.contains("(55% telemetry, 30% twin updates,"), generate);
    }
}
