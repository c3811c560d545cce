package io.eventroute.runtime;

/**
 * Seeds of randomized tests: the system property {@code eventroute.seed} when set (to replay a failure:
 * {@code mvn ... -Deventroute.seed=N}), else the clock. Printed before the test uses it, so that a
 * failure of any kind, a hang or a crash included, can be replayed.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed of test {@code test}, printed first. */
    public static long announce(String test) {
        String given = System.getProperty("eventroute.seed");
        long seed = given != null ? Long.parseLong(given) : System.nanoTime();
        System.out.println(test + " seed " + seed + " (replay with -Deventroute.seed=" + seed + ")");
        return seed;
    }
}
