package io.eventroute.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the command line in-process and captures what it prints. */
final class Cli {
    private Cli() {
    }

    /** Exit code and both outputs of one run. */
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} (UTF-8) to file {@code name} in {@code dir}; returns its path. */
    static Path write(Path dir, String name, String content) throws java.io.IOException {
        Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** A one-line CloudEvent with id {@code e<n>} and data {@code {"n": n}}. */
    static String cloudEvent(int n) {
        return "{\"specversion\":\"1.0\",\"id\":\"e" + n + "\",\"source\":\"test\",\"type\":\"t\",\"data\":{\"n\":" + n + "}}";
    }

    /** The repository root, as Surefire passes it (the module's parent when run from an IDE). */
    static Path root() {
        String root = System.getProperty("eventroute.root");
        return root == null || root.isBlank() ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    /** An example event file under {@code examples/events}. */
    static String event(String name) {
        return root().resolve("examples").resolve("events").resolve(name).toString();
    }
}
