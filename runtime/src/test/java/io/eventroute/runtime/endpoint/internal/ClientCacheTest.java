package io.eventroute.runtime.endpoint.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientCacheTest {
    /** A client that counts its close. */
    private static final class Client implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aClientBuiltWhileTheCacheClosesIsClosedAndNotHandedOut() throws Exception {
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Client client = new Client();
        ClientCache<Client> cache = new ClientCache<>(entity -> {
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return client;
        }, "client-cache-test-close");
        CompletableFuture<Client> got = CompletableFuture.supplyAsync(() -> cache.get("hub"));
        assertTrue(building.await(30, TimeUnit.SECONDS));
        // get() passed its check before close(), which finds no client yet to close.
        cache.close(Duration.ZERO);
        release.countDown();
        Exception e = assertThrows(Exception.class, () -> got.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        assertTrue(client.closed.await(30, TimeUnit.SECONDS), "the client made after close() was never closed");
    }

    @Test
    void getAfterCloseIsRefused() {
        ClientCache<Client> cache = new ClientCache<>(entity -> new Client(), "client-cache-test-refused");
        cache.close(Duration.ZERO);
        assertThrows(IllegalStateException.class, () -> cache.get("hub"));
    }
}
