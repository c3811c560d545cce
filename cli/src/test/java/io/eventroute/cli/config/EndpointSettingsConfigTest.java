package io.eventroute.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.EndpointKinds;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The endpoints' settings are checked against their kind's specification, each problem at its line. */
class EndpointSettingsConfigTest {
    private static final Function<String, String> ENV = Map.of("HOOK_TOKEN", "Bearer from-env")::get;

    private static ConfigLoader.Result yaml(String text, EndpointKinds kinds) {
        return ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), false, ENV, kinds);
    }

    /** The errors of {@code text} (its warnings, such as "'routes' is empty", are left out). */
    private static String problems(String text) {
        return yaml(text, EndpointKinds.defaults()).problems().stream().filter(ConfigProblem::error)
                .map(p -> p.render("f")).collect(Collectors.joining());
    }

    private static String problems(ConfigLoader.Result r) {
        return r.problems().stream().map(p -> p.render("f")).collect(Collectors.joining());
    }

    @Test
    void anUnknownSettingGetsASuggestionFromTheKindsSpecification() {
        assertEquals("f:5: error: endpoint 'hook': unknown setting 'conectTimeout' for kind 'webhook' "
                + "(did you mean 'connectTimeout'?)\n"
                + "f:6: error: endpoint 'hook': unknown setting 'header' for kind 'webhook' (did you mean 'headers'?)\n"
                + "f:9: error: endpoint 'bus': unknown setting 'queues' for kind 'servicebus' (did you mean 'queue'?)\n",
                problems("endpoints:\n"
                        + "  - name: hook\n"
                        + "    kind: webhook\n"
                        + "    url: http://127.0.0.1:9/x\n"
                        + "    conectTimeout: 5s\n"
                        + "    header: {Authorization: x}\n"
                        + "  - name: bus\n"
                        + "    kind: servicebus\n"
                        + "    queues: q\n"
                        + "    connectionString: ${SB:-Endpoint=sb://localhost;SharedAccessKeyName=a;SharedAccessKey=k;"
                        + "UseDevelopmentEmulator=true}\n"
                        + "routes: []\n"));
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorAtItsLine() {
        assertEquals("f:5: error: endpoint 'archive': the setting 'fsync' must be true or false, not 'yes'\n"
                + "f:6: error: endpoint 'archive': the setting 'maxBatchCount' must be a positive whole number, not '0'\n"
                + "f:10: error: endpoint 'hook': the setting 'connectTimeout' must be a duration such as 200ms, 5s, 2m, "
                + "1h or PT5S, not 'soon'\n"
                + "f:11: error: endpoint 'hook': the setting 'maxBatchBytes' must be a positive whole number, not 'lots'\n",
                problems("endpoints:\n"
                        + "  - name: archive\n"
                        + "    kind: file\n"
                        + "    path: out/a.jsonl\n"
                        + "    fsync: yes\n"
                        + "    maxBatchCount: 0\n"
                        + "  - name: hook\n"
                        + "    kind: webhook\n"
                        + "    url: http://127.0.0.1:9/x\n"
                        + "    connectTimeout: soon\n"
                        + "    maxBatchBytes: lots\n"
                        + "routes: []\n"));
    }

    @Test
    void aMissingRequiredSettingIsAnErrorAtItsEndpoint() {
        assertEquals("f:2: error: endpoint 'grid': kind 'eventgrid' needs the setting 'key'\n"
                + "f:5: error: endpoint 'archive': kind 'file' needs the setting 'path'\n"
                + "f:9: error: endpoint 'empty': the setting 'url' is empty\n",
                problems("endpoints:\n"
                        + "  - name: grid\n"
                        + "    kind: eventgrid\n"
                        + "    endpoint: https://t.eventgrid.azure.net/api/events\n"
                        + "  - name: archive\n"
                        + "    kind: file\n"
                        + "  - name: empty\n"
                        + "    kind: webhook\n"
                        + "    url: \"\"\n"
                        + "routes: []\n"));
    }

    /** The sender's own refusal names its setting, and the error is at that setting's line, in a mapping too. */
    @Test
    void aSenderRefusalIsReportedAtTheLineOfTheSettingItNames() {
        assertEquals("f:7: error: endpoint 'hook': the setting 'header.Host' cannot be set: the client sets that header\n"
                + "f:11: error: endpoint 'grid': the setting 'schema' must be 'cloudevents' or 'eventgrid', not 'xml'\n",
                problems("endpoints:\n"
                        + "  - name: hook\n"
                        + "    kind: webhook\n"
                        + "    url: http://127.0.0.1:9/x\n"
                        + "    headers:\n"
                        + "      X-Trace: on\n"
                        + "      Host: elsewhere\n"
                        + "  - name: grid\n"
                        + "    kind: eventgrid\n"
                        + "    endpoint: https://t.eventgrid.azure.net/api/events\n"
                        + "    schema: xml\n"
                        + "    key: ${GRID_KEY:-k}\n"
                        + "routes: []\n"));
    }

    @Test
    void secretsWrittenInTheFileAreWarnedAboutAtTheirLinesAndThoseFromTheEnvironmentAreNot() {
        ConfigLoader.Result r = yaml("endpoints:\n"
                + "  - name: hook\n"
                + "    kind: webhook\n"
                + "    url: https://h.example.com/in?code=abc\n"
                + "    headers:\n"
                + "      Authorization: Bearer literal\n"
                + "      X-Api-Key: ${HOOK_TOKEN}\n"
                + "      X-Trace: on\n"
                + "  - name: grid\n"
                + "    kind: eventgrid\n"
                + "    endpoint: https://t.eventgrid.azure.net/api/events\n"
                + "    key: literal-key\n"
                + "routes:\n  - {id: a, endpoint: hook, filter: \"true\"}\n  - {id: b, endpoint: grid, filter: \"true\"}\n",
                EndpointKinds.defaults());
        String p = problems(r);
        assertFalse(r.hasErrors(), p);
        assertEquals(3, r.problems().size(), p);
        assertTrue(p.contains("f:4: warning: endpoint 'hook': 'url' holds a secret written in the file; anyone who can "
                + "read the file can use it: write ${HOOK_URL} and set that environment variable instead\n"), p);
        assertTrue(p.contains("f:6: warning: endpoint 'hook': 'header.Authorization' holds a secret written in the file; "
                + "anyone who can read the file can use it: write ${HOOK_AUTHORIZATION}"), p);
        assertTrue(p.contains("f:12: warning: endpoint 'grid': 'key' holds a secret written in the file; anyone who can "
                + "read the file can use it: write ${GRID_KEY}"), p);
        assertEquals(Map.of("url", "https://h.example.com/in?code=abc", "header.Authorization", "Bearer literal",
                "header.X-Api-Key", "Bearer from-env", "header.X-Trace", "on"), r.config().endpoints().get(0).settings());
        assertFalse(p.contains("literal"), "no warning repeats the secret: " + p);
    }

    @Test
    void anInvalidEndpointNameIsAnErrorAtItsLine() {
        assertEquals("f:3: error: invalid endpoint name '../etc': use 1 to 128 letters, digits, '-', '_' and '.', "
                + "starting with a letter or digit\n",
                problems("endpoints:\n  - kind: memory\n    name: ../etc\nroutes: []\n"));
    }

    /** Without its classes a kind's settings are still checked, and the kind is reported as not available. */
    @Test
    void aKindWhoseClassesAreAbsentIsCheckedAndReportedNotAvailable() {
        EndpointKinds withoutAzure = EndpointKinds.builder()
                .addByClassName(EndpointKinds.defaults().spec("eventhubs").orElseThrow(), "io.eventroute.nowhere.Hubs")
                .build();
        ConfigLoader.Result r = yaml("endpoints:\n"
                + "  - name: hub\n    kind: eventhubs\n    connectionString: ${C:-x}\n    eventHubs: h\n"
                + "  - name: ok\n    kind: eventhubs\n    connectionString: ${C:-x}\n"
                + "routes: []\n", withoutAzure);
        String p = r.problems().stream().filter(ConfigProblem::error).map(x -> x.render("f")).collect(Collectors.joining());
        assertEquals("f:5: error: endpoint 'hub': unknown setting 'eventHubs' for kind 'eventhubs' (did you mean "
                + "'eventHub'?)\n"
                + "f:6: error: endpoint 'ok': the endpoint kind 'eventhubs' is not available: io.eventroute.nowhere.Hubs "
                + "(or a library it needs) is not on the class path\n", p);
    }
}
