package io.eventroute.cli.config;

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
            int d = distance(w, option.toLowerCase(Locale.ROOT));
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

    // Optimal string alignment: Levenshtein plus transpositions of neighbours, the commonest typo.
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
