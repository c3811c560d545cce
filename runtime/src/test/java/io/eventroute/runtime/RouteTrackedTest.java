package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** routeTracked: the outcome of every match of one event, and no waiting for queue space. */
class RouteTrackedTest {
    @TempDir
    Path dir;

    /** Fails every send permanently. */
    private static final class Refusing implements EndpointSender {
        @Override
        public void send(String entity, List<OutgoingEvent> batch, Duration timeout) throws DeliveryException {
            throw new DeliveryException("refused (test)", false);
        }

        @Override
        public void close() {
        }
    }

    /** Holds its first send until released. */
    private static final class Held implements EndpointSender {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void send(String entity, List<OutgoingEvent> batch, Duration timeout) {
            sending.countDown();
            Conditions.awaitUninterruptibly(release);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void completesWhenEveryMatchIsDelivered() throws Exception {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("a", "memory", Map.of());
            router.putEndpoint("b", "memory", Map.of());
            router.putRoute("r1", "a", "true");
            router.putRoute("r2", "b", "type = 'Microsoft.DigitalTwins.Twin.Update'");
            router.putRoute("r3", "b", "false");
            DeliveryOutcome outcome = router.routeTracked(Events.twinUpdate("e1", "t1", 20)).get(30, TimeUnit.SECONDS);
            assertEquals(new DeliveryOutcome(2, 2, 0, 0), outcome);
            assertEquals(1, router.stats().route("r2").delivered(), "counted before the outcome is told");
            assertTrue(outcome.safe());
        }
    }

    @Test
    void nothingMatchedCompletesAtOnce() {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("a", "memory", Map.of());
            router.putRoute("r1", "a", "false");
            CompletableFuture<DeliveryOutcome> f = router.routeTracked(Events.twinUpdate("e1", "t1", 20));
            assertTrue(f.isDone());
            assertEquals(new DeliveryOutcome(0, 0, 0, 0), f.join());
        }
    }

    @Test
    void deadLetteredAndLostMatchesAreTold() throws Exception {
        EndpointKinds kinds = EndpointKinds.defaultsBuilder().add("refusing", (n, s) -> new Refusing()).build();
        try (Router kept = Router.builder().endpointKinds(kinds).deadLetterDirectory(dir).build()) {
            kept.putEndpoint("x", "refusing", Map.of());
            kept.putRoute("r", "x", "true");
            assertEquals(new DeliveryOutcome(1, 0, 1, 0), kept.routeTracked(Events.twinUpdate("e1", "t1", 1)).get(30, TimeUnit.SECONDS));
            try (Stream<Path> files = Files.walk(dir)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("e1.json")));
            }
        }
        try (Router unkept = Router.builder().endpointKinds(kinds).build()) {
            unkept.putEndpoint("x", "refusing", Map.of());
            unkept.putRoute("r", "x", "true");
            DeliveryOutcome lost = unkept.routeTracked(Events.twinUpdate("e2", "t1", 1)).get(30, TimeUnit.SECONDS);
            assertEquals(new DeliveryOutcome(1, 0, 0, 1), lost);
            assertTrue(!lost.safe());
        }
    }

    @Test
    void aFullQueueRefusesTheEventWithoutQueueingAnyOfIt() throws Exception {
        Held held = new Held();
        EndpointKinds kinds = EndpointKinds.defaultsBuilder().add("held", (n, s) -> held).build();
        try (Router router = Router.builder().endpointKinds(kinds)
                .delivery(DeliveryOptions.defaults().withQueueCapacity(1).withLinger(Duration.ZERO)).build()) {
            router.putEndpoint("h", "held", Map.of());
            router.putEndpoint("m", "memory", Map.of());
            router.putRoute("to-memory", "m", "true");
            router.putRoute("to-held", "h", "true");
            CompletableFuture<DeliveryOutcome> first = router.routeTracked(Events.twinUpdate("e1", "t1", 1));
            assertTrue(held.sending.await(30, TimeUnit.SECONDS)); // e1 is in the send; the queue is empty again
            // The memory endpoint's queue holds one event too: e1 must have left it before e2 comes.
            Conditions.await("the memory endpoint to take e1", () -> router.stats().endpoint("m").delivered() == 1);
            CompletableFuture<DeliveryOutcome> second = router.routeTracked(Events.twinUpdate("e2", "t1", 1)); // fills it
            // The memory endpoint's queue (capacity 1 too) must have room again: only the held one is full.
            Conditions.await("the memory endpoint to take e2", () -> router.stats().endpoint("m").delivered() == 2);
            long matchedBefore = router.stats().route("to-memory").matched();
            EndpointBusyException busy = assertThrows(EndpointBusyException.class,
                    () -> router.routeTracked(Events.twinUpdate("e3", "t1", 1)));
            assertEquals("h", busy.endpoint());
            assertEquals(matchedBefore, router.stats().route("to-memory").matched(), "no match of a refused event was queued");
            held.release.countDown();
            assertEquals(new DeliveryOutcome(2, 2, 0, 0), first.get(30, TimeUnit.SECONDS));
            assertEquals(new DeliveryOutcome(2, 2, 0, 0), second.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRequestOfSeveralEventsEndsWhenAllTheirMatchesHaveAndKeepsTheirOrder() throws Exception {
        try (Router router = Router.builder().delivery(DeliveryOptions.defaults().withLinger(Duration.ZERO)).build()) {
            router.putEndpoint("a", "memory", Map.of());
            router.putEndpoint("b", "memory", Map.of());
            router.putRoute("all", "a", "true");
            router.putRoute("updates", "b", "type = 'Microsoft.DigitalTwins.Twin.Update'");
            List<byte[]> request = List.of(Events.twinUpdate("e1", "t1", 1), Events.telemetry("e2", "t1", 2),
                    Events.twinUpdate("e3", "t1", 3), Events.twinUpdate("e4", "t2", 4));
            DeliveryOutcome outcome = router.routeTracked(request).get(30, TimeUnit.SECONDS);
            assertEquals(new DeliveryOutcome(7, 7, 0, 0), outcome);
            assertEquals(4, router.stats().events());
            List<String> ids = new java.util.ArrayList<>();
            for (OutgoingEvent e : router.sender("a", io.eventroute.runtime.endpoint.memory.MemoryEndpoint.class)
                    .orElseThrow().events()) {
                ids.add(e.eventId());
            }
            assertEquals(List.of("e1", "e2", "e3", "e4"), ids);
        }
    }

    @Test
    void aBadEventRefusesTheWholeRequestNamingItsIndex() {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("a", "memory", Map.of());
            router.putRoute("all", "a", "true");
            List<byte[]> request = List.of(Events.twinUpdate("e1", "t1", 1), "{\"id\":\"x\"}".getBytes(),
                    Events.twinUpdate("e3", "t1", 3));
            io.eventroute.runtime.event.InvalidEventException bad = assertThrows(
                    io.eventroute.runtime.event.InvalidEventException.class, () -> router.routeTracked(request));
            assertTrue(bad.getMessage().startsWith("event 1: "), bad.getMessage());
            assertEquals(0, router.stats().events(), "no event of the request was counted");
            assertEquals(0, router.stats().endpoint("a").matched(), "no event of the request was queued");
        }
    }

    @Test
    void withoutRoomForAllOfARequestNoneOfItIsQueued() throws Exception {
        Held held = new Held();
        EndpointKinds kinds = EndpointKinds.defaultsBuilder().add("held", (n, s) -> held).build();
        try (Router router = Router.builder().endpointKinds(kinds)
                .delivery(DeliveryOptions.defaults().withQueueCapacity(3).withLinger(Duration.ZERO)).build()) {
            router.putEndpoint("h", "held", Map.of());
            router.putEndpoint("m", "memory", Map.of());
            router.putRoute("to-memory", "m", "true");
            router.putRoute("to-held", "h", "true");
            CompletableFuture<DeliveryOutcome> first = router.routeTracked(Events.twinUpdate("e1", "t1", 1));
            assertTrue(held.sending.await(30, TimeUnit.SECONDS)); // e1 is in the send; 3 places are free again
            CompletableFuture<DeliveryOutcome> second = router.routeTracked(
                    List.of(Events.twinUpdate("e2", "t1", 1), Events.twinUpdate("e3", "t1", 1)));
            // The memory endpoint's queue (capacity 3 too) must have room again: only the held one is full.
            Conditions.await("the memory endpoint to take e3", () -> router.stats().endpoint("m").delivered() == 3);
            long matchedBefore = router.stats().route("to-memory").matched();
            // Two more would fit in the held endpoint's queue alone, not with the two already there.
            EndpointBusyException busy = assertThrows(EndpointBusyException.class, () -> router.routeTracked(
                    List.of(Events.twinUpdate("e4", "t2", 1), Events.twinUpdate("e5", "t3", 1))));
            assertEquals("h", busy.endpoint());
            assertEquals(matchedBefore, router.stats().route("to-memory").matched(), "no match of a refused request was queued");
            assertEquals(3, router.stats().events());
            held.release.countDown();
            assertEquals(new DeliveryOutcome(2, 2, 0, 0), first.get(30, TimeUnit.SECONDS));
            assertEquals(new DeliveryOutcome(4, 4, 0, 0), second.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRequestWithMoreMatchesThanAQueueHoldsIsRefusedSayingSoNotLeftWaiting() throws Exception {
        try (Router router = Router.builder()
                .delivery(DeliveryOptions.defaults().withQueueCapacity(4).withLinger(Duration.ZERO)).build()) {
            router.putEndpoint("a", "memory", Map.of());
            router.putRoute("all", "a", "true");
            router.putRoute("updates", "a", "type = 'Microsoft.DigitalTwins.Twin.Update'");
            List<byte[]> three = List.of(Events.twinUpdate("e1", "t1", 1), Events.twinUpdate("e2", "t1", 2),
                    Events.twinUpdate("e3", "t2", 3));
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> router.routeTracked(three));
            assertTrue(tooMany.getMessage().contains("6 matches for endpoint 'a', whose queue holds 4"), tooMany.getMessage());
            assertEquals(0, router.stats().endpoint("a").matched(), "nothing of it was queued");
            assertEquals(new DeliveryOutcome(4, 4, 0, 0), router.routeTracked(three.subList(0, 2)).get(30, TimeUnit.SECONDS),
                    "as many as the queue holds are taken");
        }
    }
}
