package io.eventroute.runtime;

import io.eventroute.runtime.endpoint.EndpointFactory;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.file.FileEndpoint;
import io.eventroute.runtime.endpoint.memory.MemoryEndpoint;
import io.eventroute.runtime.endpoint.webhook.WebhookEndpoint;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoint kinds a router can create, each a name ({@code file}, {@code webhook}, ...) and an
 * {@link EndpointFactory}. Kinds whose classes may be absent (the Azure senders, which bring the Azure
 * SDK) are registered by class name with the library classes they need; a kind whose classes are not
 * on the class path is not offered ({@link #kinds()}) and creating one is an
 * {@link IllegalArgumentException}. Immutable; thread-safe.
 */
public final class EndpointKinds {
    private final Map<String, EndpointFactory> factories;

    private EndpointKinds(Map<String, EndpointFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /**
     * The kinds this library provides: {@code memory}, {@code file}, {@code webhook}, and the Azure
     * kinds {@code eventhubs}, {@code servicebus} and {@code eventgrid} (found by class name, so an
     * application without the Azure SDK on its class path is not offered them and gets a clear error
     * when it uses them).
     */
    public static EndpointKinds defaults() {
        return defaultsBuilder().build();
    }

    /** A builder holding the {@link #defaults()}, to add to or override. */
    public static Builder defaultsBuilder() {
        return new Builder()
                .add("memory", MemoryEndpoint::create)
                .add("file", FileEndpoint::create)
                .add("webhook", WebhookEndpoint::create)
                .addByClassName("eventhubs", "io.eventroute.runtime.endpoint.eventhubs.EventHubsSender",
                        "com.azure.messaging.eventhubs.EventHubClientBuilder")
                .addByClassName("servicebus", "io.eventroute.runtime.endpoint.servicebus.ServiceBusSender",
                        "com.azure.messaging.servicebus.ServiceBusClientBuilder")
                .addByClassName("eventgrid", "io.eventroute.runtime.endpoint.eventgrid.EventGridSender",
                        "com.azure.messaging.eventgrid.EventGridPublisherClientBuilder",
                        "com.azure.core.http.netty.NettyAsyncHttpClientBuilder");
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The names of the kinds whose classes are on the class path, sorted. */
    public Set<String> kinds() {
        Set<String> out = new TreeSet<>();
        factories.forEach((kind, f) -> {
            if (!(f instanceof ReflectiveFactory r) || r.available()) {
                out.add(kind);
            }
        });
        return out;
    }

    /**
     * A sender of kind {@code kind} for endpoint {@code endpointName}.
     *
     * @throws IllegalArgumentException for an unknown kind, a kind whose classes are missing ("the
     *     endpoint kind 'eventhubs' is not available"), or bad settings
     */
    public EndpointSender create(String kind, String endpointName, Map<String, String> settings) {
        EndpointFactory f = factories.get(Objects.requireNonNull(kind, "kind"));
        if (f instanceof ReflectiveFactory r && !r.available()) {
            throw r.notAvailable(endpointName, null);
        }
        if (f == null) {
            throw new IllegalArgumentException("endpoint '" + endpointName + "': unknown endpoint kind '" + kind
                    + "' (known: " + String.join(", ", kinds()) + ")");
        }
        EndpointSender sender = f.create(endpointName, settings);
        if (sender == null) {
            throw new IllegalArgumentException("endpoint '" + endpointName + "': the factory of kind '" + kind
                    + "' returned no sender");
        }
        return sender;
    }

    /** Builds an {@link EndpointKinds}; not thread-safe. */
    public static final class Builder {
        private final Map<String, EndpointFactory> factories = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds kind {@code kind}, or replaces it. */
        public Builder add(String kind, EndpointFactory factory) {
            factories.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Adds kind {@code kind} implemented by {@code className}'s
         * {@code public static EndpointSender create(String endpointName, Map<String, String> settings)},
         * looked up when the first endpoint of the kind is created. The kind is offered only while
         * {@code className} and every class of {@code requiredClasses} (the libraries it needs) are on
         * the class path.
         */
        public Builder addByClassName(String kind, String className, String... requiredClasses) {
            return add(kind, new ReflectiveFactory(kind, Objects.requireNonNull(className, "className"),
                    List.of(requiredClasses)));
        }

        /** The kinds added so far. */
        public EndpointKinds build() {
            return new EndpointKinds(factories);
        }
    }

    /** A factory found by class name; thread-safe (the lookup may run more than once, harmlessly). */
    private static final class ReflectiveFactory implements EndpointFactory {
        private final String kind;
        private final String className;
        private final List<String> requiredClasses;
        private volatile Method create;
        private volatile Boolean available;

        ReflectiveFactory(String kind, String className, List<String> requiredClasses) {
            this.kind = kind;
            this.className = className;
            this.requiredClasses = requiredClasses;
        }

        /** True when the class and the classes it needs can be loaded (checked once). */
        boolean available() {
            Boolean a = available;
            if (a == null) {
                a = loadable(className) && requiredClasses.stream().allMatch(ReflectiveFactory::loadable);
                available = a;
            }
            return a;
        }

        private static boolean loadable(String name) {
            try {
                Class.forName(name, false, EndpointKinds.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        IllegalArgumentException notAvailable(String endpointName, Throwable cause) {
            return new IllegalArgumentException("endpoint '" + endpointName + "': the endpoint kind '" + kind
                    + "' is not available: " + className + " (or a library it needs) is not on the class path",
                    cause);
        }

        @Override
        public EndpointSender create(String endpointName, Map<String, String> settings) {
            Method m = method(endpointName);
            try {
                return (EndpointSender) m.invoke(null, endpointName, settings);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof LinkageError le) {
                    throw notAvailable(endpointName, le);
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalArgumentException("endpoint '" + endpointName + "': creating the " + kind
                        + " sender failed (" + cause.getClass().getName() + ")", cause);
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("endpoint '" + endpointName + "': " + className
                        + ".create is not accessible", e);
            }
        }

        private Method method(String endpointName) {
            Method m = create;
            if (m != null) {
                return m;
            }
            try {
                Class<?> c = Class.forName(className, true, EndpointKinds.class.getClassLoader());
                m = c.getMethod("create", String.class, Map.class);
            } catch (ClassNotFoundException | LinkageError e) {
                throw notAvailable(endpointName, e);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("endpoint '" + endpointName + "': " + className
                        + " has no public static create(String, Map) method", e);
            }
            if (!Modifier.isStatic(m.getModifiers()) || !EndpointSender.class.isAssignableFrom(m.getReturnType())) {
                throw new IllegalArgumentException("endpoint '" + endpointName + "': " + className
                        + ".create(String, Map) must be static and return an EndpointSender");
            }
            create = m;
            return m;
        }
    }
}
