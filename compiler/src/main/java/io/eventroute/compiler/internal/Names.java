package io.eventroute.compiler.internal;

import io.eventroute.compiler.EditDistance;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Well-known names and the "did you mean" machinery shared by the stages. */
public final class Names {
    /** The core CloudEvents attributes; all strings. */
    public static final Set<String> CORE_ATTRIBUTES =
            Set.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema");

    /** Extension attributes common enough that a name close to a core one is not a typo. */
    public static final Set<String> COMMON_EXTENSIONS =
            Set.of("traceparent", "tracestate", "partitionkey", "sequence", "dataref", "authtype", "authid");

    public static final String TWIN_CREATE = "Microsoft.DigitalTwins.Twin.Create";
    public static final String TWIN_DELETE = "Microsoft.DigitalTwins.Twin.Delete";
    public static final String TWIN_UPDATE = "Microsoft.DigitalTwins.Twin.Update";
    public static final String RELATIONSHIP_CREATE = "Microsoft.DigitalTwins.Relationship.Create";
    public static final String RELATIONSHIP_UPDATE = "Microsoft.DigitalTwins.Relationship.Update";
    public static final String RELATIONSHIP_DELETE = "Microsoft.DigitalTwins.Relationship.Delete";
    public static final String TELEMETRY = "microsoft.iot.telemetry";

    /** Every event type ADT emits. */
    public static final List<String> EVENT_TYPES = List.of(TWIN_CREATE, TWIN_DELETE, TWIN_UPDATE,
            RELATIONSHIP_CREATE, RELATIONSHIP_UPDATE, RELATIONSHIP_DELETE, TELEMETRY);

    private Names() {
    }

    /**
     * The candidate closest to {@code name}, if it is close enough to be a plausible typo: equal
     * ignoring case, or within one edit for short names and two for names of six or more chars.
     */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equalsIgnoreCase(name)) {
                return c;
            }
            int d = EditDistance.between(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = name.length() >= 6 ? 2 : 1;
        return bestDistance <= allowed ? best : null;
    }
}
