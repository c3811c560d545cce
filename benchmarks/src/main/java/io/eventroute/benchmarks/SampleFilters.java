package io.eventroute.benchmarks;

import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.compiler.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The filters the benchmarks compile and evaluate: a typical three-condition route, array filters over a
 * Twin.Update patch, a telemetry threshold, and a large generated filter. Stateless; thread-safe.
 */
public final class SampleFilters {

    /** The shape most routes have: an event type, a model prefix and one exclusion. */
    public static final String TYPICAL = "type = 'Microsoft.DigitalTwins.Twin.Update'"
            + " AND STARTS_WITH($body.modelId, 'dtmi:example:') AND subject != 'room-0'";

    /** Some element of the patch touches {@code /comp1/prop1}: the second element, so both are read. */
    public static final String PATCH_WILDCARD = "type = 'Microsoft.DigitalTwins.Twin.Update'"
            + " AND $body.patch[*].path = '/comp1/prop1'";

    /** Some element of the patch sets the temperature above 21 (two conditions on the same element). */
    public static final String PATCH_ANY = "type = 'Microsoft.DigitalTwins.Twin.Update'"
            + " AND ANY($body.patch, @.path = '/temperature' AND @.value > 21)";

    /** Telemetry of one model above a threshold. */
    public static final String TELEMETRY_THRESHOLD = "type = 'microsoft.iot.telemetry'"
            + " AND dataschema = 'dtmi:example:Thermostat;1' AND $body.Temperature > 30";

    /** Number of groups in {@link #large()}; each group holds {@link #LARGE_TERMS_PER_GROUP} conditions. */
    public static final int LARGE_GROUPS = 10;
    public static final int LARGE_TERMS_PER_GROUP = 4;

    private static final String[] EVENT_KINDS = {
        "Microsoft.DigitalTwins.Twin.Update", "microsoft.iot.telemetry",
        "Microsoft.DigitalTwins.Relationship.Create", "Microsoft.DigitalTwins.Twin.Create",
    };

    private SampleFilters() {
    }

    /** The compiler every benchmark uses: the production settings, spelled out so a default change shows. */
    public static FilterCompiler compiler() {
        return FilterCompiler.builder().dialect(Dialect.ADT).limits(Limits.DEFAULT).constantFolding(true).build();
    }

    /**
     * A 40-condition filter: ten OR-ed groups of four AND-ed conditions, cycling over four event kinds and
     * mixing IN lists of eight items, LIKE, NOT IN, {@code [*]}, functions and numeric comparisons. The
     * text is the same on every call, so runs on different commits compile the same input.
     */
    public static String large() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < LARGE_GROUPS; i++) {
            groups.add("(" + String.join(" AND ", group(i)) + ")");
        }
        return String.join(" OR ", groups);
    }

    private static List<String> group(int i) {
        String type = "type = '" + EVENT_KINDS[i % EVENT_KINDS.length] + "'";
        switch (i % EVENT_KINDS.length) {
            case 0:
                return List.of(type,
                        "$model IN " + list("dtmi:example:Room" + i + ";", 8),
                        "subject LIKE 'room-" + i + "%'",
                        "$body.patch[*].path IN ('/temperature', '/humidity', '/comp" + i + "/prop1')");
            case 1:
                return List.of(type,
                        "dataschema IN " + list("dtmi:example:Thermostat" + i + ";", 8),
                        "$body.Temperature > " + (20 + i),
                        "source LIKE '%/digitaltwins/thermostat-" + i + "_'");
            case 2:
                return List.of(type,
                        "$body.$relationshipName IN ('contains', 'feeds', 'serves', 'hosts')",
                        "subject LIKE 'floor" + i + "/relationships/%'",
                        "$body.$targetId NOT IN " + list("room-" + i + "-", 8));
            default:
                return List.of(type,
                        "STARTS_WITH($body.$metadata.$model, 'dtmi:example:Floor" + i + "')",
                        "$body.temperature >= " + (15 + i) + ".5",
                        "CONTAINS(subject, '-" + i + "')");
        }
    }

    /** {@code ('<prefix>0', ..., '<prefix><n-1>')}. */
    private static String list(String prefix, int n) {
        StringJoiner items = new StringJoiner(", ", "(", ")");
        for (int k = 0; k < n; k++) {
            items.add("'" + prefix + k + "'");
        }
        return items.toString();
    }
}
