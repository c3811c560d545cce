package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.EndpointSettingsException;
import io.eventroute.runtime.endpoint.SettingsSpec;
import io.eventroute.runtime.endpoint.SettingsSpec.Setting;
import io.eventroute.runtime.endpoint.SettingsSpec.Type;
import io.eventroute.runtime.endpoint.internal.KindSpecs;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind publishes one settings specification, which its sender reads by. */
class EndpointKindsSpecTest {
    private static final List<String> ALL = List.of("eventgrid", "eventhubs", "file", "memory", "servicebus", "webhook");

    @TempDir
    Path dir;

    @Test
    void everyKindHasItsSpecification() {
        EndpointKinds kinds = EndpointKinds.defaults();
        for (String kind : ALL) {
            SettingsSpec spec = kinds.spec(kind).orElseThrow(() -> new AssertionError("no spec for " + kind));
            assertEquals(kind, spec.kind());
            assertFalse(spec.settings().isEmpty(), kind);
        }
        assertTrue(kinds.spec("kafka").isEmpty());
    }

    /** What a local kind's specification lists, its sender takes: every setting at once, each of its type. */
    @Test
    void theLocalSendersTakeEverySettingTheirSpecificationLists() {
        EndpointKinds kinds = EndpointKinds.defaults();
        for (String kind : List.of("memory", "file", "webhook")) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (Setting s : kinds.spec(kind).orElseThrow().settings()) {
                settings.put(s.type() == Type.MAP_PREFIX ? s.name() + "X-Test" : s.name(), sample(s));
            }
            EndpointSender sender = kinds.create(kind, "all-" + kind, settings);
            assertNotNull(sender, kind);
            sender.close();
        }
    }

    /** The defaults the specifications document (and the README shows) are the ones the senders use. */
    @Test
    void theDocumentedBatchDefaultsAreTheSendersOwn() {
        EndpointKinds kinds = EndpointKinds.defaults();
        Map<String, Map<String, String>> minimal = Map.of("memory", Map.of(),
                "file", Map.of("path", dir.resolve("d.jsonl").toString()),
                "webhook", Map.of("url", "http://127.0.0.1:9/", "batch", "true"));
        for (Map.Entry<String, Map<String, String>> kind : minimal.entrySet()) {
            SettingsSpec spec = kinds.spec(kind.getKey()).orElseThrow();
            EndpointSender sender = kinds.create(kind.getKey(), "d", kind.getValue());
            try {
                assertEquals(bytes(spec.setting("maxBatchBytes").orElseThrow().defaultValue()), sender.maxBatchBytes(),
                        kind.getKey());
                String count = spec.setting("maxBatchCount").orElseThrow().defaultValue();
                assertEquals(Long.parseLong(count.split(" ")[0]), sender.maxBatchCount(), kind.getKey());
            } finally {
                sender.close();
            }
        }
    }

    private static long bytes(String documented) {
        return documented.endsWith(" MiB") ? Long.parseLong(documented.replace(" MiB", "")) * 1024 * 1024
                : Long.parseLong(documented);
    }

    @Test
    void theSendersRefuseWhatTheirSpecificationDoesNotList() {
        EndpointKinds kinds = EndpointKinds.defaults();
        for (String kind : List.of("memory", "file", "webhook")) {
            EndpointSettingsException e = assertThrows(EndpointSettingsException.class,
                    () -> kinds.create(kind, "x", Map.of("path", dir.resolve("x").toString(), "url", "http://127.0.0.1:9/",
                            "maxBatchCont", "5")));
            assertEquals("maxBatchCont", e.setting(), kind);
            assertTrue(e.getMessage().startsWith(kind + " endpoint 'x': setting 'maxBatchCont' is not a setting of "
                    + "this kind; known: "), e.getMessage());
        }
        EndpointSettingsException header = assertThrows(EndpointSettingsException.class, () -> kinds.create("webhook",
                "x", Map.of("url", "http://127.0.0.1:9/", "header.Host", "h")));
        assertEquals("header.Host", header.setting());
        EndpointSettingsException batch = assertThrows(EndpointSettingsException.class, () -> kinds.create("webhook",
                "x", Map.of("url", "http://127.0.0.1:9/", "maxBatchCount", "5")));
        assertEquals("webhook endpoint 'x': setting 'maxBatchCount' needs batch=true", batch.getMessage());
    }

    @Test
    void aSpecificationIsOfferedWhileItsKindsClassesAreAbsent() {
        SettingsSpec spec = SettingsSpec.of("absent", Setting.required("where", Type.URL, false, "somewhere"));
        EndpointKinds kinds = EndpointKinds.builder()
                .addByClassName(spec, "io.eventroute.nowhere.AbsentSender")
                .add("plain", (n, s) -> MemoryEndpoint.create(n, Map.of()))
                .build();
        assertEquals(Set.of("plain"), kinds.kinds());
        assertEquals(Optional.of(spec), kinds.spec("absent"));
        assertTrue(kinds.spec("plain").isEmpty(), "registered without a specification");
        EndpointKinds replaced = EndpointKinds.defaultsBuilder().add("memory", (n, s) -> MemoryEndpoint.create(n, s))
                .build();
        assertEquals(Optional.of(KindSpecs.MEMORY), replaced.spec("memory"), "a replaced factory keeps the specification");
    }

    /**
     * The Azure kinds' specifications load no Azure SDK, Reactor or Netty class: here those packages cannot
     * be loaded at all, the Azure kinds are not offered, and their specifications still are.
     */
    @Test
    void theAzureSpecificationsNeedNoAzureClass() throws Exception {
        ClassLoader withoutAzure = new WithoutAzure(getClass().getClassLoader());
        Class<?> kindsClass = Class.forName(EndpointKinds.class.getName(), true, withoutAzure);
        assertTrue(kindsClass.getClassLoader() == withoutAzure, "the runtime is loaded apart");
        Object kinds = kindsClass.getMethod("defaults").invoke(null);
        assertEquals(Set.of("file", "memory", "webhook"), kindsClass.getMethod("kinds").invoke(kinds));
        Method spec = kindsClass.getMethod("spec", String.class);
        for (String kind : List.of("eventhubs", "servicebus", "eventgrid")) {
            Optional<?> found = (Optional<?>) spec.invoke(kinds, kind);
            assertTrue(found.isPresent(), kind);
            assertTrue(found.get().toString().startsWith("SettingsSpec[" + kind + ": "), found.get().toString());
        }
    }

    private String sample(Setting s) {
        switch (s.type()) {
            case URL:
                return "http://127.0.0.1:9/hook";
            case DURATION:
                return "2s";
            case POSITIVE_INTEGER:
                return "7";
            case BOOLEAN:
                return "true";
            case PATH:
                return dir.resolve("sample.jsonl").toString();
            default:
                return "value";
        }
    }

    /** Loads eventroute's classes itself and refuses the Azure SDK and the libraries under it. */
    private static final class WithoutAzure extends ClassLoader {
        WithoutAzure(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("com.azure.") || name.startsWith("reactor.") || name.startsWith("io.netty.")) {
                throw new ClassNotFoundException(name + " is kept out of this test");
            }
            if (!name.startsWith("io.eventroute.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}
