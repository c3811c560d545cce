package io.eventroute.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.DiagnosticCode;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompilationException;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.RouteTable;
import io.eventroute.runtime.Router;
import io.eventroute.runtime.RouterStats;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.eventroute.runtime.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an application embedding the runtime sees, through the public API only (this package sees
 * nothing else): issue 23's points.
 */
class EmbedderTest {
    private final Router router = Router.builder().build();

    @AfterEach
    void close() {
        router.close(Duration.ofSeconds(5));
    }

    static byte[] event(String id) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"t\",\"source\":\"s\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countersSayOnlyWhatIsTrue() throws Exception {
        router.putEndpoint("mem", "memory", Map.of());
        assertThrows(FilterCompilationException.class, () -> router.putRoute("bad", "mem", "type = "));
        assertFalse(router.stats().routes().containsKey("bad"), "a putRoute that threw changes nothing");

        router.putRoute("r", "mem", "type = 't'");
        assertEquals(1, router.route(event("e1")));
        assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(1, router.stats().route("r").delivered());
        assertTrue(router.removeRoute("r"));
        RouterStats stats = router.stats();
        assertFalse(stats.routes().containsKey("r"), "a removed route's counters are dropped");
        assertEquals(1, stats.endpoint("mem").delivered(), "the endpoint's counters stay");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> stats.route("never"));
        assertEquals("no route 'never' in these counters (routes: [])", unknown.getMessage());
    }

    @Test
    void absentValuesAreOptionalsNeverNull() {
        RouteTable<Void> table = RouteTable.create();
        table.put("a", "type = 't'");
        assertTrue(table.filter("a").isPresent());
        assertTrue(table.filter("missing").isEmpty());
        assertTrue(table.snapshot().filter("missing").isEmpty());
        assertTrue(table.index().filter("missing").isEmpty());

        CompileResult cesql = FilterCompiler.builder().dialect(Dialect.CESQL).build().compile("type = 't'");
        assertTrue(cesql.filter().orElseThrow().tree().isEmpty(), "a cesql filter has no adt tree");
        Diagnostic noSuggestion = new Diagnostic(DiagnosticCode.SYNTAX, "x", 0, 1, "m", null);
        assertTrue(noSuggestion.suggestion().isEmpty());

        InvalidEventException missing = assertThrows(InvalidEventException.class,
                () -> router.route("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(missing.line().isEmpty() && missing.column().isEmpty(), "no position: " + missing.getMessage());
        InvalidEventException syntax = assertThrows(InvalidEventException.class,
                () -> router.route("{\n  \"id\": }".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, syntax.line().orElseThrow());
        assertTrue(router.sender("missing", MemoryEndpoint.class).isEmpty());
    }
}
