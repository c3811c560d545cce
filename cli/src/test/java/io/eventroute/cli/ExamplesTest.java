package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The documented ADT filters of {@code examples/filters.txt} against the example events, through
 * {@code eval --filter}. Expected results worked out by hand from filter-language.md sections 4-7.
 */
class ExamplesTest {
    /** The example events, in the order the shell expands {@code examples/events/*.json}. */
    private static final List<String> EVENTS = List.of("relationship-create.json", "relationship-update.json",
            "telemetry.json", "twin-create.json", "twin-delete.json", "twin-update.json");

    /** Per filter, one letter per event of {@link #EVENTS}: M match, n no match (false), u undefined. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("true", "MMMMMM");
        EXPECTED.put("false", "nnnnnn");
        EXPECTED.put("type = 'Microsoft.DigitalTwins.Twin.Create'", "nnnMnn");
        // The Twin.Update is of model dtmi:example:Room;1, not an aqueduct device: false, not undefined.
        EXPECTED.put("type='Microsoft.DigitalTwins.Twin.Update' AND STARTS_WITH($body.modelId, "
                + "'dtmi:sample:aqueduct:device:')", "nnnnnn");
        EXPECTED.put("type = 'Microsoft.DigitalTwins.Twin.Create' OR type = 'microsoft.iot.telemetry'", "nnMMnn");
        EXPECTED.put("type = 'Microsoft.DigitalTwins.Twin.Update' OR type = 'Microsoft.DigitalTwins.Relationship.Update'",
                "nMnnnM");
        EXPECTED.put("type != 'microsoft.iot.telemetry' AND datacontenttype = 'application/json'", "MMnMMM");
        EXPECTED.put("(type != 'microsoft.iot.telemetry' OR datacontenttype = 'application/json') OR "
                + "(specversion != '1.0')", "MMMMMM");
        // Telemetry's source is <host>/digitaltwins/<twin-id>.
        EXPECTED.put("source = 'contoso.api.wus2.digitaltwins.azure.net'", "MMnMMM");
        EXPECTED.put("subject = 'room-21'", "nnnMnM");
        // Only telemetry has a dataschema (another model): false there, absent (undefined) elsewhere.
        EXPECTED.put("dataschema = 'dtmi:example:com:floor4;2'", "uunuuu");
        // Only Twin.Create and Twin.Delete carry $metadata.$model: Room;1 and com:floor4;2.
        EXPECTED.put("STARTS_WITH($body.$metadata.$model, 'dtmi:example:com:floor')", "uuunMu");
        EXPECTED.put("ENDS_WITH($body.$metadata.$model, 'floor;1')", "uuunnu");
        // The relationship subjects contain "room21", not "room-21".
        EXPECTED.put("CONTAINS(subject, 'room-21')", "nnnMnM");
        EXPECTED.put("$body.errorCode > 200", "uuuuMu");
        // Telemetry's member is "Temperature": names are case-sensitive, so it is absent.
        EXPECTED.put("$body.temperature <= 5.5", "uuunuu");
        EXPECTED.put("$body.poweredOn = true", "uuuuMu");
        EXPECTED.put("$body.prop != null", "uuuuuu");
        EXPECTED.put("$eventType = 'DigitalTwinTelemetryMessages' or $eventType = 'DigitalTwinLifecycleNotification'",
                "nnMMMn");
    }

    @Test
    void everyExampleFilterHasExpectations() throws IOException {
        List<String> filters = Files.readAllLines(Cli.root().resolve("examples/filters.txt"), StandardCharsets.UTF_8);
        assertEquals(List.copyOf(EXPECTED.keySet()), filters);
    }

    @Test
    void theEvalCommandPrintsOneLinePerEvent() {
        Cli.Result r = Cli.run(args("type = 'Microsoft.DigitalTwins.Twin.Create'"));
        assertEquals(new Cli.Result(0, expected("nnnMnn"), ""), r);
    }

    @TestFactory
    Stream<DynamicTest> documentedFiltersAgainstExampleEvents() {
        return EXPECTED.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Cli.Result r = Cli.run(args(e.getKey()));
            assertEquals(0, r.exit(), r.err());
            assertEquals(expected(e.getValue()), r.out(), e.getKey());
        }));
    }

    @Test
    void theLegacyFilterWarnsOnStandardError() {
        Cli.Result r = Cli.run(args("$eventType = 'DigitalTwinTelemetryMessages'"));
        assertEquals(0, r.exit());
        assertEquals(expected("nnMnnn"), r.out());
        assertEquals("warning[W5005] at 1:1: ", r.err().substring(0, 23));
    }

    private static String[] args(String filter) {
        List<String> args = new ArrayList<>(List.of("eval", "--filter", filter));
        EVENTS.forEach(e -> args.add(Cli.event(e)));
        return args.toArray(String[]::new);
    }

    private static String expected(String letters) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < EVENTS.size(); i++) {
            char c = letters.charAt(i);
            out.append(Cli.event(EVENTS.get(i))).append(": ")
                    .append(c == 'M' ? "match" : c == 'n' ? "no match" : "no match (undefined)").append('\n');
        }
        return out.toString();
    }
}
