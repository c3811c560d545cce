package io.eventroute.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.Router;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * This module depends on the runtime as an embedding application does, so its class path is what an
 * application gets from {@code eventroute-runtime}: the Azure SDK, Reactor and Netty are optional
 * dependencies of the runtime and must not arrive with it, and the Azure endpoint kinds are then not
 * offered and refused with a clear error.
 */
class RuntimeWithoutAzureTest {

    @ParameterizedTest
    @ValueSource(strings = {"com.azure.core.util.BinaryData", "com.azure.messaging.eventhubs.EventHubClientBuilder",
        "reactor.core.publisher.Mono", "io.netty.buffer.ByteBuf"})
    void theRuntimeBringsNoAzureSdkReactorOrNetty(String className) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(className),
                className + " came with eventroute-runtime");
    }

    @Test
    void theAzureKindsAreNotOfferedAndRefusedClearly() {
        assertEquals(Set.of("memory", "file", "webhook"), EndpointKinds.defaults().kinds());
        try (Router router = Router.builder().build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> router.putEndpoint("eh", "eventhubs", Map.of("connectionString", "x", "eventHub", "h")));
            assertEquals("endpoint 'eh': the endpoint kind 'eventhubs' is not available: "
                    + "io.eventroute.runtime.endpoint.eventhubs.EventHubsSender (or a library it needs) is not on the "
                    + "class path", e.getMessage());
            router.putEndpoint("mem", "memory", Map.of());
            assertEquals(Map.of("mem", "memory"), router.endpoints());
            router.close(Duration.ofSeconds(5));
        }
    }
}
