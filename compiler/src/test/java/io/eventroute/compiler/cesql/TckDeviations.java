package io.eventroute.compiler.cesql;

import java.util.Map;
import java.util.Set;

/**
 * The one place that lists TCK cases contradicting the CESQL v1 specification text, each with the
 * reason and the result the spec gives (which the suites assert instead of the TCK's).
 */
public final class TckDeviations {
    /**
     * A case the spec contradicts.
     *
     * @param result the spec's value (Boolean, Long or String)
     * @param error the spec's error kind, or null
     * @param reason why the TCK's expectation is wrong
     */
    public record Deviation(Object result, String error, String reason) {
    }

    /** By case id ({@code file: name}). */
    public static final Map<String, Deviation> ALL = Map.of(
            "not_operator: Invalid int cast", new Deviation(Boolean.FALSE, null,
                    "NOT 10 expects true plus a cast error, but spec section 3.7 makes Integer to Boolean a MUST"
                            + " cast (0 is false, anything else true): 10 becomes true and NOT 10 is false, no"
                            + " error. The TCK case is stale; sdk-java and sdk-go changed it the same way"
                            + " (shared/conformance/cesql-tck/README.md, gotcha 6)."));

    private TckDeviations() {
    }

    public static Set<String> ids() {
        return ALL.keySet();
    }

    /** The case with the spec's expectation when it is a listed deviation, else the case itself. */
    public static CesqlTck.Case corrected(CesqlTck.Case c) {
        Deviation d = ALL.get(c.id());
        return d == null ? c : new CesqlTck.Case(c.file(), c.name(), c.expression(), d.result(), d.error(), c.event(),
                c.warnings());
    }
}
