package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How a router closes its senders: never during a send, and all at once rather than one after another. */
class EndpointShutdownTest {
    /** A sender whose sends, or whose close, wait for the test to let them go. */
    private static final class HeldSender implements EndpointSender {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch releaseSend = new CountDownLatch(1);
        final AtomicBoolean inSend = new AtomicBoolean();
        final AtomicBoolean closedDuringSend = new AtomicBoolean();
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch closing;
        final CountDownLatch releaseClose;

        HeldSender(CountDownLatch closing, CountDownLatch releaseClose) {
            this.closing = closing;
            this.releaseClose = releaseClose;
        }

        @Override
        public void send(String entity, List<OutgoingEvent> batch, Duration timeout) {
            inSend.set(true);
            sending.countDown();
            Conditions.awaitUninterruptibly(releaseSend);
            inSend.set(false);
        }

        @Override
        public void close() {
            closedDuringSend.compareAndSet(false, inSend.get());
            closing.countDown();
            Conditions.awaitUninterruptibly(releaseClose);
            closed.countDown();
        }
    }

    /** A router whose endpoint "h" sends with {@code held}, which is inside a send (of event e1) on return. */
    private static Router sendingTo(HeldSender held) throws InterruptedException {
        Router router = Router.builder().endpointKinds(EndpointKinds.builder().add("held", (n, s) -> held).build())
                .build();
        router.putEndpoint("h", "held", Map.of());
        router.putRoute("r", "h", "true");
        router.route(Events.twinUpdate("e1", "twin-1", 1));
        assertTrue(held.sending.await(30, TimeUnit.SECONDS));
        return router;
    }

    @Test
    void aSenderStuckInASendIsClosedOnlyAfterTheSendReturns() throws Exception {
        HeldSender held = new HeldSender(new CountDownLatch(1), new CountDownLatch(0));
        Router router = sendingTo(held);
        // The send outlives the deadline and the grace after it, and ignores the interrupt: close gives up on it.
        assertFalse(router.close(Duration.ofMillis(10)));
        assertFalse(held.closedDuringSend.get(), "the sender was closed during a send");
        held.releaseSend.countDown();
        assertTrue(held.closed.await(30, TimeUnit.SECONDS), "the sender was never closed");
        assertFalse(held.closedDuringSend.get(), "the sender was closed during a send");
        assertTrue(router.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(1, router.stats().endpoint("h").matched());
    }

    @Test
    void aSecondCloseSaysTrueOnlyOnceEverythingIsDone() throws Exception {
        HeldSender held = new HeldSender(new CountDownLatch(1), new CountDownLatch(0));
        Router router = sendingTo(held);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> router.close(Duration.ofMinutes(5)));
        Conditions.await("the first close to begin", () -> {
            try {
                router.route(Events.twinUpdate("e2", "twin-1", 2));
                return false;
            } catch (IllegalStateException closed) {
                return true;
            }
        });
        // A second close (a shutdown hook's, say) while the first waits on the send in flight.
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread closer = new Thread(() -> second.set(router.close(Duration.ofMinutes(5))), "second-close");
        closer.start();
        Conditions.await("the second close to return or wait", () -> second.get() != null
                || Arrays.stream(closer.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitTermination")));
        if (second.get() != null) {
            assertFalse(second.get() && router.stats().endpoint("h").pending() > 0,
                    "the second close said true with an event still pending: " + router.stats().endpoint("h"));
        }
        held.releaseSend.countDown();
        closer.join();
        assertTrue(second.get());
        assertTrue(first.get(60, TimeUnit.SECONDS));
        // A probe that raced the close may have been counted failed; none is left pending.
        assertEquals(0, router.stats().endpoint("h").pending(), router.stats().endpoint("h").toString());
        assertTrue(router.stats().endpoint("h").delivered() >= 1);
    }

    @Test
    void sendersCloseTogetherAndASlowCloseDoesNotHoldTheRoutersClose() throws Exception {
        int n = 3;
        CountDownLatch closing = new CountDownLatch(n);
        CountDownLatch releaseClose = new CountDownLatch(1);
        Router router = Router.builder().endpointKinds(EndpointKinds.builder()
                .add("held", (name, s) -> new HeldSender(closing, releaseClose)).build()).build();
        for (int i = 0; i < n; i++) {
            router.putEndpoint("h" + i, "held", Map.of());
        }
        try {
            // Each close blocks until released: closed one after another, the first would hold the rest forever.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(router.close(Duration.ofMillis(200))));
            assertTrue(closing.await(30, TimeUnit.SECONDS), "not every sender was being closed");
        } finally {
            releaseClose.countDown();
        }
    }
}
