package io.eventroute.compiler;

/** How serious a diagnostic is: an error stops compilation, a warning does not. Thread-safe. */
public enum Severity {
    ERROR, WARNING;

    /** Lower-case name as rendered: {@code error}, {@code warning}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
