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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoint kinds a router can create, each a name ({@code file}, {@code webhook}, ...) and an
 * {@link EndpointFactory}. Kinds whose classes may be absent (the Azure senders, which bring the Azure
 * SDK) are registered by class name and looked up only when an endpoint of that kind is created.
 * Immutable; thread-safe.
 */
public final class EndpointKinds {
    private final Map<String, EndpointFactory> factories;

    private EndpointKinds(Map<String, EndpointFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /**
     * The kinds this library provides: {@code memory}, {@code file}, {@code webhook}, and the Azure
     * kinds {@code eventhubs}, {@code servicebus} and {@code eventgrid} (found by class name, so an
     * application without the Azure SDK on its class path gets a clear error only when it uses them).
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
                .addByClassName("eventhubs", "io.eventroute.runtime.endpoint.eventhubs.EventHubsSender")
                .addByClassName("servicebus", "io.eventroute.runtime.endpoint.servicebus.ServiceBusSender")
                .addByClassName("eventgrid", "io.eventroute.runtime.endpoint.eventgrid.EventGridSender");
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The names of the kinds, sorted. */
    public Set<String> kinds() {
        return new TreeSet<>(factories.keySet());
    }

    /**
     * A sender of kind {@code kind} for endpoint {@code endpointName}.
     *
     * @throws IllegalArgumentException for an unknown kind, a kind whose classes are missing, or bad
     *     settings
     */
    public EndpointSender create(String kind, String endpointName, Map<String, String> settings) {
        EndpointFactory f = factories.get(Objects.requireNonNull(kind, "kind"));
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
         * looked up when the first endpoint of the kind is created.
         */
        public Builder addByClassName(String kind, String className) {
            return add(kind, new ReflectiveFactory(kind, Objects.requireNonNull(className, "className")));
        }

        public EndpointKinds build() {
            return new EndpointKinds(factories);
        }
    }

    /** A factory found by class name; thread-safe (the lookup may run more than once, harmlessly). */
    private static final class ReflectiveFactory implements EndpointFactory {
        private final String kind;
        private final String className;
        private volatile Method create;

        ReflectiveFactory(String kind, String className) {
            this.kind = kind;
            this.className = className;
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
                throw new IllegalArgumentException("endpoint '" + endpointName + "': the endpoint kind '" + kind
                        + "' is not available: " + className + " (or a library it needs) is not on the class path",
                        e);
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
