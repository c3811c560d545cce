package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import java.util.Set;

/**
 * A {@code delivery:} mapping, the file's or an endpoint's: the {@link DeliveryOptions} it sets over
 * a base, each bad value a problem at its line. Stateless.
 */
final class DeliverySection {
    static final Set<String> KEYS = Set.of("queueCapacity", "linger", "maxAttempts", "initialBackoff",
            "maxBackoff", "maxRetryTime", "sendTimeout", "closeTimeout", "maxConcurrency");

    private DeliverySection() {
    }

    /** {@code base} with the options of {@code node} (named {@code what} in messages) applied. */
    static DeliveryOptions read(ConfigValues values, Node node, DeliveryOptions base, String what) {
        if (!(node instanceof Node.MapNode map)) {
            values.error(node, "'" + what + "' must be a mapping (" + String.join(", ", KEYS) + "), not "
                    + node.describe());
            return base;
        }
        values.unknownKeys(map, KEYS, "'" + what + "': unknown key");
        DeliveryOptions d = base;
        for (Node.Entry e : map.entries().values()) {
            String v = values.scalarText(e.value(), "'" + what + "." + e.key() + "'");
            if (v == null || !KEYS.contains(e.key())) {
                continue;
            }
            String name = "'" + what + "." + e.key() + "'";
            try {
                switch (e.key()) {
                    case "queueCapacity":
                        d = d.withQueueCapacity(values.positiveInt(e.value(), v, name));
                        break;
                    case "maxAttempts":
                        d = d.withMaxAttempts(values.positiveInt(e.value(), v, name));
                        break;
                    case "maxConcurrency":
                        d = d.withMaxConcurrency(values.positiveInt(e.value(), v, name));
                        break;
                    case "linger":
                        d = d.withLinger(values.duration(e.value(), v, name, d.linger()));
                        break;
                    case "initialBackoff":
                        d = d.withBackoff(values.duration(e.value(), v, name, d.initialBackoff()), d.maxBackoff());
                        break;
                    case "maxBackoff":
                        d = d.withBackoff(d.initialBackoff(), values.duration(e.value(), v, name, d.maxBackoff()));
                        break;
                    case "maxRetryTime":
                        d = d.withMaxRetryTime(values.duration(e.value(), v, name, d.maxRetryTime()));
                        break;
                    case "sendTimeout":
                        d = d.withSendTimeout(values.duration(e.value(), v, name, d.sendTimeout()));
                        break;
                    default:
                        d = d.withCloseTimeout(values.duration(e.value(), v, name, d.closeTimeout()));
                        break;
                }
            } catch (IllegalArgumentException ex) {
                values.error(e.value(), name + ": " + ex.getMessage());
            }
        }
        return d;
    }
}
