package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionComesFromTheBuild() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("eventroute \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
        assertEquals(r, Cli.run("eval", "--version"));
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: eventroute [-hV] [COMMAND]\n"), r.out());
        assertTrue(r.out().contains("\n  validate  Checks filters and prints their diagnostics.\n"), r.out());
        assertTrue(r.out().contains("\nExit codes:\n    0   success"), r.out());
        assertTrue(r.out().contains("\n    3   route: some input was rejected"), r.out());
        assertTrue(r.out().contains("\n   70   internal error"), r.out());
    }

    @Test
    void everyCommandDocumentsItsArgumentsAndExitCodes() {
        assertHelp("validate", "Usage: eventroute validate [-hV] [--json] [--dialect=D]", "FILTER...",
                "    1   at least one filter has errors");
        assertHelp("explain", "Usage: eventroute explain [-hV] [--json] [--dialect=D]", "FILTER",
                "    1   the filter has errors");
        assertHelp("eval", "Usage: eventroute eval [--dialect=D] [--json] --filter=F EVENT.json...\n"
                        + "       eventroute eval [--dialect=D] --cases=FILE\n", "--cases=FILE",
                "    2   bad usage, or an event or cases file is missing, unreadable or invalid");
        String eval = Cli.run("eval", "--help").out().replace('\n', ' ');
        assertTrue(eval.contains("code E0001 and kind \"input\""), eval);
        assertTrue(eval.contains("Blank lines are skipped: they are not cases and get no output line."), eval);
    }

    @Test
    void everyCommandsHelpListsTheExitCodesItUses() {
        assertHelp("route", "Usage: eventroute route", "--rejects=FILE",
                "    3   some input was rejected or some match was dead-lettered (or not");
        assertHelp("match", "Usage: eventroute match", "--events=EVENTS",
                "    1   a route line is malformed or has an invalid filter (nothing was matched)");
        assertHelp("generate", "Usage: eventroute generate", "--seed=S", "    2   bad usage, or a file cannot be written");
        String streams = Cli.run("streams", "--help").out();
        assertTrue(streams.contains("\n    4   the Kafka brokers cannot be reached"), streams);
        assertFalse(streams.contains("\n    3   "), "streams never exits with 3: " + streams);
    }

    @Test
    void theHelpCommandShowsACommandsHelp() {
        assertEquals(Cli.run("validate", "--help"), Cli.run("help", "validate"));
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(new Cli.Result(2, "", "eventroute: missing command (route, validate, explain, eval, match, generate or streams)\n"
                + "Try 'eventroute --help' for more information.\n"), Cli.run());
    }

    @Test
    void anUnknownCommandGetsASuggestion() {
        assertEquals(new Cli.Result(2, "", "eventroute: Unmatched argument at index 0: 'evl'\n"
                + "Did you mean: eventroute eval?\nTry 'eventroute --help' for more information.\n"), Cli.run("evl"));
    }

    @Test
    void aMisspeltRequiredOptionGetsASuggestion() {
        Cli.Result r = Cli.run("route", "--conifg", "routes.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Unknown option '--conifg': did you mean '--config'?\n"), r.err());
    }

    @Test
    void aNegativeNumberIsNotTakenForAFilter() {
        Cli.Result r = Cli.run("generate", "--routes", "-5");
        assertEquals(2, r.exit());
        assertFalse(r.err().contains("filter"), r.err());
    }

    private static void assertHelp(String command, String usage, String argument, String exitCode) {
        Cli.Result r = Cli.run(command, "--help");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        assertTrue(r.out().contains(usage), r.out());
        assertTrue(r.out().contains("\n      " + argument), r.out());
        assertTrue(r.out().contains("\nExit codes:\n    0   "), r.out());
        assertTrue(r.out().contains("\n   70   internal error"), r.out());
        assertTrue(r.out().contains("\n" + exitCode), r.out());
    }
}
