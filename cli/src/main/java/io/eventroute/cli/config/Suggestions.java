package io.eventroute.cli.config;

import io.eventroute.compiler.EditDistance;
import java.util.Collection;
import java.util.Locale;

/** The closest known name to a misspelt one, for "did you mean" hints. Stateless; thread-safe. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The option nearest to {@code word} (ignoring case), or null when none is close enough to be meant. */
    public static String closest(String word, Collection<String> options) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String option : options) {
            int d = EditDistance.between(w, option.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = option;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** " (did you mean 'x'?)" or " (known: a, b, c)" when nothing is close. */
    public static String hint(String word, Collection<String> options) {
        String s = closest(word, options);
        return s != null ? " (did you mean '" + s + "'?)" : " (known: " + String.join(", ", options) + ")";
    }
}
