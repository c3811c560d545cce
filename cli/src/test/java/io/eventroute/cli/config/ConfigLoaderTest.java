package io.eventroute.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.Dialect;
import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.EventRoute;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Function<String, String> ENV = Map.of("HUB_CONNECTION",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0")::get;

    /** The defaults plus an eventhubs kind that accepts anything, since the Azure senders may be absent here. */
    private static final EndpointKinds KINDS = EndpointKinds.defaultsBuilder()
            .add("eventhubs", (name, settings) -> new EndpointSender() {
                @Override
                public void send(String entity, List<OutgoingEvent> batch, Duration timeout) {
                }

                @Override
                public void close() {
                }
            })
            .build();

    private static ConfigLoader.Result yaml(String text) {
        return ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), false, ENV, KINDS);
    }

    private static String problems(ConfigLoader.Result r) {
        return r.problems().stream().map(p -> p.render("f")).collect(Collectors.joining());
    }

    @Test
    void aConfigurationLargerThanYamlsDefaultLimitLoads() {
        // SnakeYAML refuses documents over 3 MB unless told otherwise; 40,000 routes are about 4.4 MB.
        StringBuilder b = new StringBuilder("endpoints:\n  - name: out\n    kind: file\n    path: out/e.jsonl\nroutes:\n");
        for (int i = 0; i < 40_000; i++) {
            b.append("  - id: route-").append(i).append("\n    endpoint: out\n    filter: \"type = 'Microsoft.DigitalTwins.Twin.Update'"
                    + " AND subject = 'room-").append(i).append("'\"\n");
        }
        assertTrue(b.length() > 3 * 1024 * 1024, "over the default limit: " + b.length());
        ConfigLoader.Result r = yaml(b.toString());
        assertFalse(r.hasErrors(), problems(r));
        assertEquals(40_000, r.config().routes().size());
    }

    @Test
    void yamlAndJsonWithTheSameStructureGiveTheSameConfiguration() {
        ConfigLoader.Result y = yaml("endpoints:\n"
                + "  - name: hub\n    kind: eventhubs\n    connectionString: ${HUB_CONNECTION}\n    eventHub: updates\n"
                + "    delivery: {maxAttempts: 3, sendTimeout: PT2S}\n"
                + "  - {name: archive, kind: file, path: out/a.jsonl, maxBatchCount: 50}\n"
                + "routes:\n"
                + "  - {id: r1, endpoint: hub, topic: rooms, filter: \"type = 'Microsoft.DigitalTwins.Twin.Update'\"}\n"
                + "  - {id: r2, endpoint: archive, dialect: cesql, filter: \"type = 'x'\"}\n"
                + "deadLetter: {path: out/dl}\n"
                + "delivery: {maxAttempts: 8, initialBackoff: 200ms, maxBackoff: 30s, queueCapacity: 10}\n");
        ConfigLoader.Result j = ConfigLoader.parse(("{\"endpoints\": [{\"name\": \"hub\", \"kind\": \"eventhubs\", "
                + "\"connectionString\": \"${HUB_CONNECTION}\", \"eventHub\": \"updates\", "
                + "\"delivery\": {\"maxAttempts\": 3, \"sendTimeout\": \"PT2S\"}},\n"
                + "{\"name\": \"archive\", \"kind\": \"file\", \"path\": \"out/a.jsonl\", \"maxBatchCount\": 50}],\n"
                + "\"routes\": [{\"id\": \"r1\", \"endpoint\": \"hub\", \"topic\": \"rooms\", "
                + "\"filter\": \"type = 'Microsoft.DigitalTwins.Twin.Update'\"},\n"
                + "{\"id\": \"r2\", \"endpoint\": \"archive\", \"dialect\": \"cesql\", \"filter\": \"type = 'x'\"}],\n"
                + "\"deadLetter\": {\"path\": \"out/dl\"},\n"
                + "\"delivery\": {\"maxAttempts\": 8, \"initialBackoff\": \"200ms\", \"maxBackoff\": \"30s\", "
                + "\"queueCapacity\": 10}}").getBytes(StandardCharsets.UTF_8), true, ENV, KINDS);
        assertEquals("", problems(y));
        assertEquals("", problems(j));
        RouteConfig c = y.config();
        RouteConfig jc = j.config();
        for (int i = 0; i < 2; i++) {
            EndpointConfig a = c.endpoints().get(i);
            EndpointConfig b = jc.endpoints().get(i);
            assertEquals(List.of(a.name(), a.kind(), a.settings(), a.delivery()),
                    List.of(b.name(), b.kind(), b.settings(), b.delivery()));
            assertEquals(c.routes().get(i).route(), jc.routes().get(i).route());
        }
        assertEquals(List.of(c.deadLetter(), c.delivery()), List.of(jc.deadLetter(), jc.delivery()));
        assertEquals(List.of(3, 4), List.of(jc.routes().get(0).line(), jc.routes().get(1).line()), "JSON lines too");
        DeliveryOptions global = DeliveryOptions.defaults().withMaxAttempts(8)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(30)).withQueueCapacity(10);
        assertEquals(global, c.delivery());
        assertEquals(global.withMaxAttempts(3).withSendTimeout(Duration.ofSeconds(2)), c.endpoints().get(0).delivery());
        assertEquals(global, c.endpoints().get(1).delivery());
        assertEquals(Map.of("connectionString", ENV.apply("HUB_CONNECTION"), "eventHub", "updates"),
                c.endpoints().get(0).settings());
        assertEquals(Map.of("path", "out/a.jsonl", "maxBatchCount", "50"), c.endpoints().get(1).settings());
        assertEquals(new EventRoute("r1", "hub", "rooms", "type = 'Microsoft.DigitalTwins.Twin.Update'", Dialect.ADT),
                c.routes().get(0).route());
        assertEquals(Dialect.CESQL, c.routes().get(1).route().dialect());
        assertEquals(Path.of("out/dl"), c.deadLetter());
        assertEquals(List.of(2, 7), List.of(c.endpoints().get(0).line(), c.endpoints().get(1).line()));
        assertFalse(c.endpoints().get(0).toString().contains("SharedAccessKey"), "settings may hold secrets");
    }

    @Test
    void aLiteralConnectionStringWithAKeyGetsAWarningButAnEmulatorsDoesNot() {
        ConfigLoader.Result r = yaml("endpoints:\n"
                + "  - name: hub\n    kind: eventhubs\n"
                + "    connectionString: Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=abc\n"
                + "  - name: emulator\n    kind: eventhubs\n"
                + "    connectionString: Endpoint=sb://localhost;SharedAccessKeyName=a;SharedAccessKey=SAS_KEY_VALUE;"
                + "UseDevelopmentEmulator=true\n"
                + "routes:\n  - {id: a, endpoint: hub, filter: \"true\"}\n  - {id: b, endpoint: emulator, filter: \"true\"}\n");
        assertEquals("f:4: warning: endpoint 'hub': 'connectionString' holds a secret written in the file; anyone who "
                + "can read the file can use it: write ${HUB_CONNECTIONSTRING} and set that environment variable "
                + "instead\n", problems(r));
        assertFalse(r.hasErrors());
    }

    @Test
    void aSettingTheSenderRefusesIsReportedAtItsLine() {
        ConfigLoader.Result r = yaml("endpoints:\n  - name: hook\n    kind: webhook\n    batch: true\n"
                + "    url: ftp://example.com/x\n"
                + "routes:\n  - {id: a, endpoint: hook, filter: \"true\"}\n");
        assertTrue(r.hasErrors());
        assertEquals("f:5: error: endpoint 'hook': the setting 'url' must be an absolute http or https URL\n",
                problems(r));
    }

    /** One duration parser for the file and the senders: overflow is a configuration error at its line. */
    @Test
    void durationsTooLongOrMalformedAreErrorsAtTheirLines() {
        ConfigLoader.Result r = yaml("endpoints:\n"
                + "  - name: hook\n    kind: webhook\n    url: http://127.0.0.1:9/x\n"
                + "    connectTimeout: 99999999999999999999s\n"
                + "  - name: zero\n    kind: webhook\n    url: http://127.0.0.1:9/x\n    connectTimeout: 0s\n"
                + "  - name: archive\n    kind: file\n    path: out/a.jsonl\n"
                + "    delivery: {sendTimeout: 99999999999999999999ms, linger: 0ms}\n"
                + "routes:\n  - {id: a, endpoint: archive, filter: \"true\"}\n"
                + "delivery:\n  closeTimeout: 9999999999999999h\n  maxRetryTime: PT9999999999999999H\n"
                + "  initialBackoff: 5 parsecs\n  maxBackoff: 0s\n");
        assertEquals("f:5: error: endpoint 'hook': the setting 'connectTimeout' must be at most 876000h (100 years), "
                + "not '99999999999999999999s'\n"
                + "f:9: error: endpoint 'zero': the setting 'connectTimeout' must be a positive duration, not '0s'\n"
                + "f:13: error: 'delivery of endpoint 'archive'.sendTimeout' must be at most 876000h (100 years), "
                + "not '99999999999999999999ms'\n"
                + "f:17: error: 'delivery.closeTimeout' must be at most 876000h (100 years), not '9999999999999999h'\n"
                + "f:18: error: 'delivery.maxRetryTime' must be at most 876000h (100 years), not 'PT9999999999999999H'\n"
                + "f:19: error: 'delivery.initialBackoff' must be a duration such as 200ms, 5s, 2m, 1h or PT5S, "
                + "not '5 parsecs'\n", problems(r));
    }

    @Test
    void syntaxErrorsDuplicateKeysAndWrongShapesNameTheirLines() {
        assertEquals("f:3: error: not valid YAML: ", problems(yaml("endpoints:\n  - name: a\n   kind: [\n")).substring(0, 28));
        assertEquals("f:1: error: no 'routes': list the routes that send events to endpoints\n"
                + "f:3: error: 'endpoints' appears twice in this mapping (first at line 1)\n",
                problems(yaml("endpoints:\n  - {name: a, kind: memory}\nendpoints: []\n")));
        assertEquals("f:1: error: 'endpoints' must be a list (items start with '-'), not a string\n",
                problems(yaml("endpoints: none\nroutes: []\n")).lines().findFirst().orElseThrow() + "\n");
        assertEquals("f: error: the file is empty\n", problems(yaml("")));
        assertEquals("f:1: error: the file must be a mapping with 'endpoints' and 'routes' (and optionally "
                + "'deadLetter' and 'delivery'), not a list\n", problems(yaml("- a\n- b\n")));
        ConfigLoader.Result blank = yaml("endpoints:\n  - {name: a, kind: memory}\nroutes:\n  - {id: r, endpoint: a, filter: \"\"}\n");
        assertEquals("f:4: error: route 'r': 'filter' is empty\n", problems(blank));
        assertNull(blank.config());
    }

    @Test
    void filterWarningsAreShownWithTheirCaret() {
        ConfigLoader.Result r = yaml("endpoints:\n  - {name: a, kind: memory}\nroutes:\n"
                + "  - id: r\n    endpoint: a\n    filter: \"subjet = 'room-21'\"\n");
        assertFalse(r.hasErrors());
        String p = problems(r);
        assertTrue(p.startsWith("f:6: warning: route 'r': the filter has a warning\n    warning[W5004] at 1:1: "), p);
        assertTrue(p.contains("    1 | subjet = 'room-21'\n      | ^^^^^^\n"), p);
    }

    @Test
    void aDefaultReplacesAnEmptyVariableAsTheShellDoes() {
        Function<String, String> env = Map.of("OUTDIR", "")::get;
        ConfigLoader.Result r = ConfigLoader.parse(("endpoints: [{name: out, kind: file, path: \"${OUTDIR:-out}/e.jsonl\"},"
                + " {name: raw, kind: file, path: \"x${OUTDIR}/r.jsonl\"}]\n"
                + "routes: [{id: a, endpoint: out, filter: \"true\"}, {id: b, endpoint: raw, filter: \"true\"}]\n")
                .getBytes(StandardCharsets.UTF_8), false, env, KINDS);
        assertFalse(r.hasErrors(), problems(r));
        assertEquals("out/e.jsonl", r.config().endpoints().get(0).settings().get("path"));
        assertEquals("x/r.jsonl", r.config().endpoints().get(1).settings().get("path"), "without ':-' empty stays empty");
    }

    @Test
    void yamlSyntaxErrorsGiveTheParsersReasonAndLine() {
        ConfigLoader.Result tab = yaml("endpoints:\n  - name: a\n\tkind: file\nroutes: []\n");
        assertEquals("f:3: error: not valid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use "
                + "\\t(TAB) for indentation) (while scanning for the next token)\n", problems(tab));
        ConfigLoader.Result quote = yaml("endpoints: [{name: a, kind: file, path: x}]\nroutes:\n  - id: r\n"
                + "    endpoint: a\n    filter: 'type = 'x''\n");
        assertTrue(problems(quote).startsWith("f:5: error: not valid YAML: expected <block end>, but found '<scalar>' "
                + "(while parsing a block mapping); a quote inside a single-quoted value ends it: write the filter in "
                + "double quotes, filter: \"type = 'x'\"\n"), problems(quote));
    }

    @Test
    void anEndpointWithoutAKindDoesNotMakeItsRoutesFail() {
        ConfigLoader.Result r = yaml("endpoints:\n  - name: a\nroutes:\n  - {id: r, endpoint: a, filter: \"true\"}\n");
        assertEquals("f:2: error: endpoint 'a' needs 'kind'\n", problems(r));
    }

    @Test
    void mergeKeysAndAliasesAreUnderstood() {
        ConfigLoader.Result r = yaml("x-common: &common\n  kind: file\n  maxBatchCount: 5\n"
                + "endpoints:\n"
                + "  - <<: *common\n    name: a\n    path: out/shared.jsonl\n"
                + "  - <<: *common\n    name: b\n    path: out/b.jsonl\n    maxBatchCount: 7\n"
                + "routes:\n  - {id: r, endpoint: a, filter: \"true\"}\n  - {id: s, endpoint: b, filter: \"true\"}\n");
        assertFalse(r.hasErrors(), problems(r));
        assertEquals(Map.of("path", "out/shared.jsonl", "maxBatchCount", "5"), r.config().endpoints().get(0).settings());
        assertEquals("7", r.config().endpoints().get(1).settings().get("maxBatchCount"), "a key written wins over a merged one");
        assertEquals("file", r.config().endpoints().get(1).kind());

        ConfigLoader.Result scalar = yaml("x-path: &path out/a.jsonl\nendpoints: [{name: a, kind: file, path: *path}]\n"
                + "routes: [{id: r, endpoint: a, filter: \"true\"}]\n");
        assertEquals("f:2: error: *path refers to no mapping or list anchored &path before it (anchors of single values "
                + "are not supported)\n", problems(scalar));
    }

    @Test
    void aMultiLineFiltersErrorIsOnItsOwnLineOfTheFile() {
        ConfigLoader.Result r = yaml("endpoints: [{name: a, kind: file, path: x}]\nroutes:\n  - id: r\n    endpoint: a\n"
                + "    filter: |\n      type = 'x'\n      AND $body.a > > 1\n");
        assertTrue(problems(r).startsWith("f:7: error: route 'r': the filter has 1 error\n"), problems(r));
    }
}
