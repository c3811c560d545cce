package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.endpoint.EndpointFactory;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting the route command's router: a failure part way leaves nothing running. */
class RouteCommandStartTest {
    /** Kind "opens" counts its senders' closes; kind "breaks" fails as a bug would, or works when not broken. */
    private static EndpointKinds kinds(CountDownLatch closed, boolean broken) {
        EndpointFactory opens = (name, settings) -> new EndpointSender() {
            @Override
            public void send(String entity, List<OutgoingEvent> batch, Duration timeout) {
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        EndpointFactory breaks = (name, settings) -> {
            throw new IllegalStateException("a bug in the endpoint kind");
        };
        return EndpointKinds.defaultsBuilder().add("opens", opens).add("breaks", broken ? breaks : opens).build();
    }

    @Test
    void anUnexpectedFailureWhileStartingClosesTheEndpointsOpenedSoFar() throws Exception {
        // The configuration check runs the factories too: there the kind still works.
        ConfigLoader.Result loaded = ConfigLoader.parse(("endpoints:\n  - {name: first, kind: opens}\n"
                + "  - {name: second, kind: breaks}\nroutes:\n  - {id: r, endpoint: first, filter: \"true\"}\n")
                .getBytes(StandardCharsets.UTF_8), false, Map.<String, String>of()::get,
                kinds(new CountDownLatch(0), false));
        assertFalse(loaded.hasErrors(), loaded.problems().toString());
        CountDownLatch closed = new CountDownLatch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RouteCommand.start(loaded.config(),
                kinds(closed, true), "f", new PrintWriter(new StringWriter())));
        assertEquals("a bug in the endpoint kind", e.getMessage());
        assertTrue(closed.await(30, TimeUnit.SECONDS), "endpoint 'first' was left open");
    }
}
