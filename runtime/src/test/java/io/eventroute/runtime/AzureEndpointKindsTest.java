package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.eventgrid.EventGridSender;
import io.eventroute.runtime.endpoint.eventhubs.EventHubsSender;
import io.eventroute.runtime.endpoint.peers.HttpsPeer;
import io.eventroute.runtime.endpoint.servicebus.ServiceBusSender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Azure kinds as the default {@link EndpointKinds} create them (by class name) through
 * {@link Router#putEndpoint}: good settings give the Azure senders without connecting anywhere; bad
 * ones give an error naming the endpoint and the setting, never the secret, and change nothing.
 */
class AzureEndpointKindsTest {
    private static final String SECRET = "c2VjcmV0LWtleS0xMjM0NTY3ODkw";
    private static final String CONNECTION = "Endpoint=sb://contoso.servicebus.windows.net/;"
            + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + SECRET;

    private static Map<String, String> good(String kind) {
        return switch (kind) {
            case "eventhubs" -> Map.of("connectionString", CONNECTION, "eventHub", "twins");
            case "servicebus" -> Map.of("connectionString", CONNECTION, "topic", "twins");
            case "eventgrid" -> Map.of("endpoint", "https://contoso.westus2-1.eventgrid.azure.net/api/events",
                    "key", SECRET, "schema", "eventgrid", "trustCertificate", HttpsPeer.certificate().toString());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Test
    void theDefaultKindsCreateTheAzureSendersByClassName() {
        EndpointKinds kinds = EndpointKinds.defaults();
        assertEquals(Set.of("memory", "file", "webhook", "eventhubs", "servicebus", "eventgrid"), kinds.kinds());
        try (EndpointSender eh = kinds.create("eventhubs", "eh", good("eventhubs"));
                EndpointSender sb = kinds.create("servicebus", "sb", good("servicebus"));
                EndpointSender eg = kinds.create("eventgrid", "eg", good("eventgrid"))) {
            assertTrue(eh instanceof EventHubsSender, eh.getClass().getName());
            assertTrue(sb instanceof ServiceBusSender, sb.getClass().getName());
            assertTrue(eg instanceof EventGridSender, eg.getClass().getName());
            assertTrue(eh.maxBatchCount() > 1 && sb.maxBatchCount() > 1 && eg.maxBatchCount() > 1, "they batch");
        }
        try (Router router = Router.builder().build()) {
            router.putEndpoint("eh", "eventhubs", good("eventhubs"));
            router.putEndpoint("sb", "servicebus", good("servicebus"));
            router.putEndpoint("eg", "eventgrid", good("eventgrid"));
            assertEquals(Map.of("eh", "eventhubs", "sb", "servicebus", "eg", "eventgrid"), router.endpoints());
            assertTrue(router.sender("eh", EventHubsSender.class).isPresent());
            assertTrue(router.sender("sb", ServiceBusSender.class).isPresent());
            assertTrue(router.sender("eg", EventGridSender.class).isPresent());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eventhubs|connectionString=" + CONNECTION + "|setting 'eventHub' is required",
        "eventhubs|connectionString=Endpoint=sb://h/;SharedAccessKey=" + SECRET + ",eventHub=h"
                + "|setting 'connectionString' needs both 'SharedAccessKeyName' and 'SharedAccessKey'",
        "eventhubs|connectionString=" + CONNECTION + ";Bogus=1,eventHub=h"
                + "|setting 'connectionString' has an unknown part 'Bogus'",
        "eventhubs|connectionstring=" + CONNECTION + ",eventHub=h|setting 'connectionstring' is not a setting",
        "servicebus|connectionString=" + SECRET + ",queue=q|setting 'connectionString' is not a connection string",
        "servicebus|connectionString=" + CONNECTION + ";SharedAccessSignature=SharedAccessSignature sr=x&sig="
                + SECRET + ",queue=q|setting 'connectionString' has both a key and a 'SharedAccessSignature'",
        "servicebus|connectionString=Endpoint=sb://h/;SharedAccessSignature=sr=x&sig=" + SECRET + ",queue=q"
                + "|setting 'connectionString' has a 'SharedAccessSignature' that does not start with "
                + "'SharedAccessSignature '",
        "servicebus|connectionString=" + CONNECTION + ",queue=a,topic=b|setting 'topic' cannot be given together",
        "eventgrid|endpoint=http://contoso.eventgrid.azure.net/api/events,key=" + SECRET
                + "|setting 'endpoint' must be an https:// URL",
        "eventgrid|endpoint=https://contoso.eventgrid.azure.net/api/events|setting 'key' is required",
        "eventgrid|endpoint=https://contoso.eventgrid.azure.net/api/events,key=" + SECRET + ",schema=cloudEvent"
                + "|setting 'schema' must be 'cloudevents' or 'eventgrid'",
        "eventgrid|endpoint=https://contoso.eventgrid.azure.net/api/events,key=" + SECRET + ",trustCertificate=/nope.pem"
                + "|setting 'trustCertificate' names no readable file",
    })
    void aBadSettingIsRefusedClearlyWithoutTheSecretAndNothingChanges(String kind, String settings, String expected) {
        try (Router router = Router.builder().build()) {
            router.putEndpoint("target", kind, good(kind));
            EndpointSender before = router.sender("target", EndpointSender.class).orElseThrow();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> router.putEndpoint("target", kind, parse(settings)));
            assertTrue(error.getMessage().startsWith(kind + " endpoint 'target': "), error.getMessage());
            assertTrue(error.getMessage().contains(expected), error.getMessage());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(SECRET), "the secret leaked: " + trace);
            assertSame(before, router.sender("target", EndpointSender.class).orElseThrow(), "nothing changed");
            assertEquals(Map.of("target", kind), router.endpoints());
        }
    }

    /** {@code name=value,name=value}; a value may contain '=' but not ','. */
    private static Map<String, String> parse(String settings) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String part : settings.split(",")) {
            int eq = part.indexOf('=');
            map.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return map;
    }
}
