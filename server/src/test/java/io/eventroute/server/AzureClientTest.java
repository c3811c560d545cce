package io.eventroute.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.rest.PagedIterable;
import com.azure.digitaltwins.core.DigitalTwinsClient;
import com.azure.digitaltwins.core.DigitalTwinsClientBuilder;
import com.azure.digitaltwins.core.DigitalTwinsServiceVersion;
import com.azure.digitaltwins.core.models.DigitalTwinsEventRoute;
import com.azure.digitaltwins.core.models.DigitalTwinsModelData;
import com.azure.digitaltwins.core.models.ListDigitalTwinsEventRoutesOptions;
import com.azure.digitaltwins.core.models.ListModelsOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * Azure's own Digital Twins client (azure-digitaltwins-core) manages routes on the server over TLS,
 * at each api-version the server accepts: create, get, list across pages, delete, and the errors.
 */
class AzureClientTest {
    @TempDir
    Path dir;

    private static DigitalTwinsClient client(TestServer t, String token, DigitalTwinsServiceVersion version) throws Exception {
        SslContext trust;
        try (InputStream cert = AzureClientTest.class.getResourceAsStream("/tls-cert.pem")) {
            trust = SslContextBuilder.forClient().trustManager(cert).build();
        }
        TokenCredential credential = request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        return new DigitalTwinsClientBuilder()
                .endpoint(t.server.uri().toString())
                .credential(credential)
                .serviceVersion(version)
                .httpClient(new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                        .secure(spec -> spec.sslContext(trust))).build())
                .buildClient();
    }

    private static ServerSettings tls() {
        return ServerSettings.of("127.0.0.1", 0, TestServer.tokens())
                .withTls(new ServerSettings.Tls(TestServer.resource("tls-cert.pem"), TestServer.resource("tls-key.pem")));
    }

    @Test
    void azuresClientManagesRoutes() throws Exception {
        for (DigitalTwinsServiceVersion version : List.of(DigitalTwinsServiceVersion.V2022_05_31,
                DigitalTwinsServiceVersion.V2023_10_31)) {
            Path store = dir.resolve(version.getVersion());
            try (TestServer t = TestServer.start(store, tls(), List.of())) {
                DigitalTwinsClient adt = client(t, TestServer.ADMIN, version);
                for (int i = 0; i < 7; i++) {
                    adt.createOrReplaceEventRoute("route-" + i, new DigitalTwinsEventRoute("archive").setFilter("type = 'Microsoft.DigitalTwins.Twin.Create'"));
                }
                DigitalTwinsEventRoute got = adt.getEventRoute("route-3");
                assertEquals("route-3", got.getEventRouteId());
                assertEquals("archive", got.getEndpointName());
                assertEquals("type = 'Microsoft.DigitalTwins.Twin.Create'", got.getFilter());

                // Three routes a page: the client follows nextLink over three pages.
                PagedIterable<DigitalTwinsEventRoute> all = adt.listEventRoutes(
                        new ListDigitalTwinsEventRoutesOptions().setMaxItemsPerPage(3), com.azure.core.util.Context.NONE);
                Set<String> ids = new TreeSet<>();
                all.forEach(r -> ids.add(r.getEventRouteId()));
                assertEquals(7, ids.size(), ids.toString());
                assertEquals(3, all.streamByPage().count());

                adt.deleteEventRoute("route-3");
                HttpResponseException missing = assertThrows(HttpResponseException.class, () -> adt.getEventRoute("route-3"));
                assertEquals(404, missing.getResponse().getStatusCode());
                assertTrue(missing.getMessage().contains("EventRouteNotFound"), missing.getMessage());

                HttpResponseException invalid = assertThrows(HttpResponseException.class, () -> adt.createOrReplaceEventRoute(
                        "bad", new DigitalTwinsEventRoute("archive").setFilter("this is not a valid filter")));
                assertEquals(400, invalid.getResponse().getStatusCode());
                assertTrue(invalid.getMessage().contains("EventRouteFilterInvalid"), invalid.getMessage());

                DigitalTwinsClient reader = client(t, TestServer.READER, version);
                HttpResponseException forbidden = assertThrows(HttpResponseException.class, () -> reader.createOrReplaceEventRoute(
                        "x", new DigitalTwinsEventRoute("archive").setFilter("true")));
                assertEquals(403, forbidden.getResponse().getStatusCode());
            }
        }
    }

    /** The same client manages models: create a hierarchy, get with its definition, list across pages, delete, errors. */
    @Test
    void azuresClientManagesModels() throws Exception {
        for (DigitalTwinsServiceVersion version : List.of(DigitalTwinsServiceVersion.V2022_05_31,
                DigitalTwinsServiceVersion.V2023_10_31)) {
            Path store = dir.resolve("models-" + version.getVersion());
            try (TestServer t = TestServer.start(store, tls(), List.of())) {
                DigitalTwinsClient adt = client(t, TestServer.ADMIN, version);
                List<DigitalTwinsModelData> created = new java.util.ArrayList<>();
                adt.createModels(List.of(ModelsApiTest.SPACE, ModelsApiTest.ROOM, ModelsApiTest.LAB)).forEach(created::add);
                assertEquals(List.of("dtmi:example:Space;1", "dtmi:example:Room;1", "dtmi:example:Lab;1"),
                        created.stream().map(DigitalTwinsModelData::getModelId).toList());
                assertEquals("Space", created.get(0).getDisplayNameLanguageMap().get("en"));

                DigitalTwinsModelData room = adt.getModel("dtmi:example:Room;1");
                assertEquals("dtmi:example:Room;1", room.getModelId());
                assertTrue(room.getDtdlModel().contains("temperature"), room.getDtdlModel());
                assertTrue(t.router.models().isOf("dtmi:example:Lab;1", "dtmi:example:Space;1"));

                for (int i = 0; i < 4; i++) {
                    adt.createModels(List.of(ModelsApiTest.iface("dtmi:example:M" + i + ";1", null, null)));
                }
                PagedIterable<DigitalTwinsModelData> all = adt.listModels(
                        new ListModelsOptions().setMaxItemsPerPage(3), com.azure.core.util.Context.NONE);
                Set<String> ids = new TreeSet<>();
                all.forEach(m -> ids.add(m.getModelId()));
                assertEquals(7, ids.size(), ids.toString());
                assertEquals(3, all.streamByPage().count());

                HttpResponseException exists = assertThrows(HttpResponseException.class,
                        () -> adt.createModels(List.of(ModelsApiTest.SPACE)));
                assertEquals(409, exists.getResponse().getStatusCode());
                assertTrue(exists.getMessage().contains("ModelAlreadyExists"), exists.getMessage());
                HttpResponseException bad = assertThrows(HttpResponseException.class,
                        () -> adt.createModels(List.of(ModelsApiTest.iface("dtmi:example:X;1", "\"dtmi:example:Nowhere;1\"", null))));
                assertEquals(400, bad.getResponse().getStatusCode());
                assertTrue(bad.getMessage().contains("DTDLParserError"), bad.getMessage());
                HttpResponseException used = assertThrows(HttpResponseException.class, () -> adt.deleteModel("dtmi:example:Room;1"));
                assertEquals(409, used.getResponse().getStatusCode());
                assertTrue(used.getMessage().contains("ModelReferencesNotDeleted"), used.getMessage());

                adt.deleteModel("dtmi:example:Lab;1");
                HttpResponseException missing = assertThrows(HttpResponseException.class, () -> adt.getModel("dtmi:example:Lab;1"));
                assertEquals(404, missing.getResponse().getStatusCode());
                assertTrue(missing.getMessage().contains("ModelNotFound"), missing.getMessage());
            }
        }
    }
}
