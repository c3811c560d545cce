package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.compiler.ConditionValue;
import io.eventroute.runtime.event.InvalidEventException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a dead-letter directory as replays do, and the router's dry runs that the console uses. */
class DeadLettersTest {
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"t\","
            + "\"subject\":\"room-1\"}";

    @TempDir
    Path dir;

    private Path letter(String endpoint, String name, String event, String reason) throws IOException {
        Path folder = dir.resolve(endpoint).resolve("2026/01/02/03");
        Files.createDirectories(folder);
        Path file = folder.resolve(name + ".json");
        Files.writeString(file, event);
        if (reason != null) {
            Files.writeString(folder.resolve(name + ".reason.json"), reason);
        }
        return file;
    }

    @Test
    void usableLettersCarryWhereTheyGoAndWhyTheyFailed() throws IOException {
        letter("hook", "a", EVENT, "{\"endpoint\":\"hook\",\"route\":\"r1\",\"entity\":\"t1\",\"reason\":\"HTTP 500\","
                + "\"deadLetteredAt\":\"2026-01-02T03:04:05Z\"}");
        letter("hook", "b", EVENT, "{\"endpoint\":\"hook\",\"route\":\"r2\"}");
        letter("other", "c", EVENT, "{\"endpoint\":\"other\",\"route\":\"r1\"}");
        DeadLetters.Scan all = DeadLetters.scan(dir, null, null, Set.of("hook", "other"));
        assertEquals(3, all.letters().size());
        assertTrue(all.unusable().isEmpty());
        DeadLetters.Letter a = all.letters().get(0);
        assertEquals(List.of("hook", "r1", "t1", "HTTP 500", "2026-01-02T03:04:05Z"),
                List.of(a.endpoint(), a.route(), a.entity(), a.reason(), a.deadLetteredAt()));
        assertEquals(EVENT, new String(a.event(), StandardCharsets.UTF_8));
        assertNull(all.letters().get(1).entity());

        assertEquals(2, DeadLetters.scan(dir, "hook", null, Set.of("hook", "other")).letters().size());
        assertEquals(List.of("r2"), DeadLetters.scan(dir, null, "r2", Set.of("hook", "other")).letters().stream()
                .map(DeadLetters.Letter::route).toList());

        DeadLetters.remove(a);
        assertFalse(Files.exists(a.file()) || Files.exists(a.reasonFile()));
        assertEquals(2, DeadLetters.scan(dir, null, null, Set.of("hook", "other")).letters().size());
    }

    @Test
    void filesThatCannotBeSentAgainAreReportedWithTheirProblem() throws IOException {
        letter("hook", "no-reason", EVENT, null);
        letter("hook", "bad-reason", EVENT, "{\"endpoint\":");
        letter("hook", "not-a-reason", EVENT, "{\"x\":1}");
        letter("hook", "gone-endpoint", EVENT, "{\"endpoint\":\"gone\",\"route\":\"r\"}");
        letter("hook", "corrupt-event", "[1, 2", "{\"endpoint\":\"hook\",\"route\":\"r\"}");
        letter("hook", "array-event", "[1]", "{\"endpoint\":\"hook\",\"route\":\"r\"}");
        DeadLetters.Scan scan = DeadLetters.scan(dir, null, null, Set.of("hook"));
        assertTrue(scan.letters().isEmpty());
        Map<String, String> problems = new java.util.TreeMap<>();
        scan.unusable().forEach(u -> problems.put(u.file().getFileName().toString(), u.problem()));
        assertEquals("no reason file no-reason.reason.json", problems.get("no-reason.json"));
        assertTrue(problems.get("bad-reason.json").startsWith("corrupt JSON in bad-reason.reason.json ("), problems.toString());
        assertFalse(problems.get("bad-reason.json").contains("[Source:"), "positions said shortly");
        assertEquals("not-a-reason.reason.json is not a reason file (no 'endpoint' or 'route')",
                problems.get("not-a-reason.json"));
        assertEquals("its endpoint 'gone' is not in the configuration", problems.get("gone-endpoint.json"));
        assertTrue(problems.get("corrupt-event.json").startsWith("corrupt JSON ("), problems.toString());
        assertEquals("not a JSON object", problems.get("array-event.json"));
    }

    @Test
    void aDryRunMatchesAndExplainsWithoutRoutingOrCounting() {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("mem", "memory", Map.of());
            router.putRoute("rooms", "mem", "subject = 'room-1' AND type = 't'");
            router.putRoute("other", "mem", "subject = 'room-2'");
            byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
            assertEquals(List.of("rooms"), router.matchingRoutes(event));
            List<ConditionValue> why = router.conditions("other", event).orElseThrow();
            assertEquals(Boolean.FALSE, why.get(0).value());
            assertEquals(3, router.conditions("rooms", event).orElseThrow().size());
            assertTrue(router.conditions("nope", event).isEmpty());
            assertThrows(InvalidEventException.class, () -> router.matchingRoutes("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, router.stats().events(), "nothing was routed");
            assertEquals(0, router.stats().rejected(), "nor counted as refused");
            assertEquals(0, router.stats().route("rooms").matched());
        }
    }
}
