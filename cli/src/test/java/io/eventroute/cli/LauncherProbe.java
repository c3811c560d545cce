package io.eventroute.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in for the command line in {@link LauncherTest}'s checkout: appends its first argument to the
 * file named by {@code PROBE_LOG}, prints the JVM's options, and exits with {@code PROBE_TRAINING_EXIT}
 * when run as the launcher's short training run ({@code generate}, {@code match}).
 */
public final class LauncherProbe {
    private LauncherProbe() {
    }

    public static void main(String[] args) throws IOException {
        String first = args.length == 0 ? "" : args[0];
        Files.writeString(Path.of(System.getenv("PROBE_LOG")), first + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        String exit = System.getenv("PROBE_TRAINING_EXIT");
        if ((first.equals("generate") || first.equals("match")) && exit != null) {
            System.exit(Integer.parseInt(exit));
        }
    }
}
