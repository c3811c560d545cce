package io.eventroute.kafka.internal;

import java.util.Locale;

/**
 * The twin an event is about, so one twin's events keep their order: the same rule the runtime's
 * endpoints use for their partition key (io.eventroute.runtime.internal.Envelope), which is not
 * public API. Stateless; thread-safe.
 */
public final class Twins {
    private static final String TWINS = "/digitaltwins/";

    private Twins() {
    }

    /**
     * The subject of twin events, the twin part of a relationship's {@code <twin>/relationships/<rel>}
     * subject, the twin at the end of a telemetry source {@code <host>/digitaltwins/<twin>}; else the
     * subject; else null.
     */
    public static String of(String type, String subject, String source) {
        boolean telemetry = type != null && type.toLowerCase(Locale.ROOT).equals("microsoft.iot.telemetry");
        if (!telemetry && subject != null) {
            int rel = subject.indexOf("/relationships/");
            return rel > 0 ? subject.substring(0, rel) : subject;
        }
        if (source != null) {
            int at = source.lastIndexOf(TWINS);
            if (at >= 0 && at + TWINS.length() < source.length()) {
                return source.substring(at + TWINS.length());
            }
        }
        return subject;
    }
}
