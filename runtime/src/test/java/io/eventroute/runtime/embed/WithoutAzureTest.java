package io.eventroute.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An embedder whose class path lacks the Azure SDK, as one depending on the runtime without it has:
 * the library is loaded from this test's class path minus every {@code com/azure} jar, in a class
 * loader of its own, and used through its public API only.
 */
class WithoutAzureTest {
    @Test
    void azureKindsAreNotOfferedAndCreatingOneIsTheDocumentedError() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(classPathWithout("com" + File.separator + "azure"),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> kindsClass = loader.loadClass("io.eventroute.runtime.EndpointKinds");
            Object kinds = kindsClass.getMethod("defaults").invoke(null);
            assertEquals(Set.of("file", "memory", "webhook"), kindsClass.getMethod("kinds").invoke(kinds));

            Method create = kindsClass.getMethod("create", String.class, String.class, Map.class);
            for (String kind : List.of("eventhubs", "servicebus", "eventgrid")) {
                Throwable thrown = thrownBy(() -> create.invoke(kinds, kind, "x",
                        Map.of("connectionString", "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=k;SharedAccessKey=s",
                                "entityPath", "hub", "endpoint", "https://127.0.0.1/api/events", "key", "s")));
                assertEquals(IllegalArgumentException.class.getName(), thrown.getClass().getName(), thrown.toString());
                assertEquals("endpoint 'x': the endpoint kind '" + kind + "' is not available", 
                        thrown.getMessage().substring(0, thrown.getMessage().indexOf(": io.")), thrown.getMessage());
            }
            // The kinds that need nothing absent still work.
            Object memory = create.invoke(kinds, "memory", "m", Map.of());
            assertFalse(memory == null);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable thrownBy(Call call) throws Exception {
        try {
            call.run();
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError("nothing thrown");
    }

    private static URL[] classPathWithout(String pathPart) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains(pathPart)) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
