package io.eventroute.cli;

/** Prints how the JVM decoded its arguments, for {@link LocaleTest}'s run of the launcher script. */
public final class EncodingProbe {
    private EncodingProbe() {
    }

    public static void main(String[] args) {
        System.out.println(System.getProperty("sun.jnu.encoding") + " " + String.join(" ", args).codePoints()
                .mapToObj(c -> c < 0x80 ? Character.toString(c) : "U+" + Integer.toHexString(c))
                .reduce("", String::concat));
    }
}
