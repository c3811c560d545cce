package io.eventroute.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.event.JsonEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters are written even by a thread that was interrupted, as a worker forced to stop is. */
class DeadLetterInterruptTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedThreadStillWritesItsDeadLettersAndStaysInterrupted() throws Exception {
        byte[] json = "{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"s\",\"type\":\"t\"}"
                .getBytes(StandardCharsets.UTF_8);
        DeadLetterStore store = new DeadLetterStore(dir, Clock.systemUTC());
        Counts endpoint = new Counts();
        Counts route = new Counts();
        Pending pending = new Pending(Envelope.of(JsonEvent.parse(json), json).forRoute("r"), null, route, 0);
        Thread.currentThread().interrupt();
        try {
            EndpointWorker.failOne("ep", pending, "the router closed", 0, endpoint, store);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, endpoint.deadLettered.sum());
        assertEquals(1, route.deadLettered.sum());
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(2, files.filter(Files::isRegularFile).count(), "the event and its reason");
        }
    }
}
