package io.eventroute.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a dead-letter directory as the router writes it ({@code <dir>/<endpoint>/yyyy/MM/dd/HH/<id>.json}
 * with {@code <id>.reason.json} beside it), for sending its events again: {@code eventroute replay} and
 * {@code serve}'s console both use it. Stateless; thread-safe (the directory is not locked: two
 * replays of one directory at once may send an event twice).
 */
public final class DeadLetters {
    // As strict as the command line's reader: a duplicate key or trailing text makes a file unusable.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    // Jackson appends "[Source: ...; line: 1, column: 2]" to some messages; positions are reported shorter.
    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\s*\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private DeadLetters() {
    }

    /**
     * One usable dead letter.
     *
     * @param file the event file
     * @param reasonFile the reason file beside it
     * @param event the event's bytes (a JSON object)
     * @param endpoint the endpoint it was meant for
     * @param route the route that matched it
     * @param entity the topic or entity it was meant for, or null for the endpoint's default
     * @param reason why it was dead-lettered, or null when the reason file does not say
     * @param deadLetteredAt when, as the reason file says (ISO-8601), or null
     */
    public record Letter(Path file, Path reasonFile, byte[] event, String endpoint, String route, String entity,
            String reason, String deadLetteredAt) {
        public Letter {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reasonFile, "reasonFile");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(route, "route");
        }
    }

    /** A file of the directory that cannot be sent again, and why (a sentence without the path). */
    public record Unusable(Path file, String problem) {
    }

    /** What {@link #scan} found: the usable letters and the unusable files, each in path order. */
    public record Scan(List<Letter> letters, List<Unusable> unusable) {
        public Scan {
            letters = List.copyOf(letters);
            unusable = List.copyOf(unusable);
        }
    }

    /**
     * The dead letters under {@code dir}, in path order.
     *
     * @param endpoint only those in this endpoint's folder, or null for all
     * @param route only those of this route, or null for all
     * @param endpoints the endpoints that exist; a letter for another one is unusable
     * @throws UncheckedIOException when {@code dir} cannot be listed
     */
    public static Scan scan(Path dir, String endpoint, String route, Set<String> endpoints) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().endsWith(".reason.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Letter> letters = new ArrayList<>();
        List<Unusable> unusable = new ArrayList<>();
        for (Path file : files) {
            Path relative = dir.relativize(file);
            String endpointDir = relative.getNameCount() > 1 ? relative.getName(0).toString() : null;
            if (endpoint != null && !endpoint.equals(endpointDir)) {
                continue;
            }
            String name = file.getFileName().toString();
            Path reasonFile = file.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".reason.json");
            String problem;
            try {
                JsonNode r = MAPPER.readTree(Files.readAllBytes(reasonFile));
                String ep = text(r, "endpoint");
                String rt = text(r, "route");
                if (ep == null || rt == null) {
                    problem = reasonFile.getFileName() + " is not a reason file (no 'endpoint' or 'route')";
                } else if (!endpoints.contains(ep)) {
                    problem = "its endpoint '" + ep + "' is not in the configuration";
                } else if (route != null && !route.equals(rt)) {
                    continue;
                } else {
                    byte[] event = Files.readAllBytes(file);
                    problem = corrupt(event);
                    if (problem == null) {
                        letters.add(new Letter(file, reasonFile, event, ep, rt, text(r, "entity"), text(r, "reason"),
                                text(r, "deadLetteredAt")));
                        continue;
                    }
                }
            } catch (NoSuchFileException e) {
                problem = "no reason file " + reasonFile.getFileName();
            } catch (JsonProcessingException e) {
                problem = "corrupt JSON in " + reasonFile.getFileName() + " (" + problem(e) + ")";
            } catch (IOException e) {
                problem = "cannot be read (" + e.getMessage() + ")";
            }
            unusable.add(new Unusable(file, problem));
        }
        return new Scan(letters, unusable);
    }

    /** Deletes the pair of files of a letter that was sent (or dead-lettered anew under another name). */
    public static void remove(Letter letter) throws IOException {
        Files.deleteIfExists(letter.reasonFile());
        Files.deleteIfExists(letter.file());
    }

    /** What is wrong with an event file's JSON, or null. */
    private static String corrupt(byte[] event) {
        try {
            return MAPPER.readTree(event) instanceof ObjectNode ? null : "not a JSON object";
        } catch (IOException e) {
            return "corrupt JSON (" + (e instanceof JsonProcessingException j ? problem(j) : e.getMessage()) + ")";
        }
    }

    /** What Jackson says is wrong, without its source description. */
    private static String problem(JsonProcessingException e) {
        return SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll(" line $1, column $2");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
