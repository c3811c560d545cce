package io.eventroute.runtime.endpoint.internal;

import static io.eventroute.runtime.endpoint.SettingsSpec.Setting.optional;
import static io.eventroute.runtime.endpoint.SettingsSpec.Setting.required;

import io.eventroute.runtime.endpoint.SettingsSpec;
import io.eventroute.runtime.endpoint.SettingsSpec.Type;

/**
 * The settings specification of each endpoint kind this library provides. Kept apart from the senders,
 * and free of Azure SDK types, so that a kind's specification can be read when its sender's libraries
 * are absent. Stateless; thread-safe.
 */
public final class KindSpecs {
    private static final String MAX_BATCH_COUNT = "maxBatchCount";
    private static final String MAX_BATCH_BYTES = "maxBatchBytes";

    /** {@code memory}: keeps events in memory. */
    public static final SettingsSpec MEMORY = SettingsSpec.of("memory",
            optional(MAX_BATCH_COUNT, Type.POSITIVE_INTEGER, false, "500", "events per batch"),
            optional(MAX_BATCH_BYTES, Type.POSITIVE_INTEGER, false, "4 MiB", "bytes per batch"));

    /** {@code file}: appends JSON lines to a file. */
    public static final SettingsSpec FILE = SettingsSpec.of("file",
            required("path", Type.PATH, false, "the file; parent directories are created"),
            optional("fsync", Type.BOOLEAN, false, "false", "force each batch to the disk"),
            optional(MAX_BATCH_COUNT, Type.POSITIVE_INTEGER, false, "1000", "events per batch"),
            optional(MAX_BATCH_BYTES, Type.POSITIVE_INTEGER, false, "4 MiB", "bytes per batch"));

    /** {@code webhook}: POSTs events over HTTP. */
    public static final SettingsSpec WEBHOOK = SettingsSpec.of("webhook",
            required("url", Type.URL, false, "an http or https URL; its query is never shown"),
            optional("header.", Type.MAP_PREFIX, true, null,
                    "a mapping of extra request headers, such as `Authorization`"),
            optional("connectTimeout", Type.DURATION, false, "10s", "the time to connect"),
            optional("batch", Type.BOOLEAN, false, "false", "send a JSON array of events per request"),
            optional(MAX_BATCH_COUNT, Type.POSITIVE_INTEGER, false, "100 with `batch`, else 1", "events per request"),
            optional(MAX_BATCH_BYTES, Type.POSITIVE_INTEGER, false, "1 MiB", "bytes per request"));

    /** {@code eventhubs}: Azure Event Hubs. */
    public static final SettingsSpec EVENTHUBS = SettingsSpec.of("eventhubs",
            required("connectionString", Type.CONNECTION_STRING, true,
                    "`UseDevelopmentEmulator=true` reaches the emulator"),
            optional("eventHub", Type.STRING, false, null,
                    "the default event hub, or the connection string's `EntityPath`; a route's topic names another"));

    /** {@code servicebus}: an Azure Service Bus queue or topic. */
    public static final SettingsSpec SERVICEBUS = SettingsSpec.of("servicebus",
            required("connectionString", Type.CONNECTION_STRING, true,
                    "`UseDevelopmentEmulator=true` reaches the emulator"),
            optional("queue", Type.STRING, false, null,
                    "the default queue, or the connection string's `EntityPath`; a route's topic names another"),
            optional("topic", Type.STRING, false, null,
                    "the default topic, instead of `queue`; a route's topic names another"));

    /** {@code eventgrid}: an Azure Event Grid topic. */
    public static final SettingsSpec EVENTGRID = SettingsSpec.of("eventgrid",
            required("endpoint", Type.URL, false, "the topic's https URL"),
            required("key", Type.STRING, true, "the topic's access key"),
            optional("schema", Type.STRING, false, "cloudevents",
                    "`cloudevents` or `eventgrid`, the Event Grid schema as ADT writes it"),
            optional("trustCertificate", Type.PATH, false, null,
                    "a PEM file of certificates to trust besides the system's, for emulators"));

    private KindSpecs() {
    }
}
