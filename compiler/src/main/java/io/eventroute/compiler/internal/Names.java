package io.eventroute.compiler.internal;

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

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    public static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > 3) {
            return Math.abs(n - m);
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
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
            int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = name.length() >= 6 ? 2 : 1;
        return bestDistance <= allowed ? best : null;
    }
}
