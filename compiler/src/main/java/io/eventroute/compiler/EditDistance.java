package io.eventroute.compiler;

/**
 * The edit distance behind every "did you mean" hint of the library and the command line: optimal
 * string alignment, that is Levenshtein (insert, delete, replace) plus swapping two neighbours, the
 * commonest typo. Stateless; thread-safe.
 */
public final class EditDistance {
    private EditDistance() {
    }

    /**
     * The number of edits that turn {@code a} into {@code b}. When the lengths differ by more than 3,
     * that difference is returned instead (a lower bound: too far for any hint either way).
     */
    public static int between(String a, String b) {
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
}
