package io.eventroute.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Stores events that could not be delivered as {@code <root>/<endpoint>/<yyyy>/<MM>/<dd>/<HH>/<eventId>.json}
 * (UTC hour of dead-lettering), the bytes unchanged, with {@code <eventId>.reason.json} beside it. An event id
 * already dead-lettered in that hour gets {@code <eventId>~2.json}, {@code ~3}, and so on. Characters of the
 * id that are unsafe in file names become {@code _}; the reason file keeps the real id. Thread-safe.
 */
public final class DeadLetterStore {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_NAME = 150;

    private final Path root;
    private final Clock clock;

    public DeadLetterStore(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path root() {
        return root;
    }

    /**
     * Writes the dead letter of {@code event}.
     *
     * @return the event file written
     */
    public Path write(String endpoint, OutgoingEvent event, String entity, String reason, int attempts)
            throws IOException {
        Instant now = clock.instant();
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        Path dir = root.resolve(endpoint).resolve(String.format("%04d", t.getYear()))
                .resolve(String.format("%02d", t.getMonthValue())).resolve(String.format("%02d", t.getDayOfMonth()))
                .resolve(String.format("%02d", t.getHour()));
        Files.createDirectories(dir);
        String base = safeName(event.eventId());
        for (int n = 1; ; n++) {
            String name = n == 1 ? base : base + "~" + n;
            Path file = dir.resolve(name + ".json");
            try {
                Files.write(file, event.structuredJson(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            // An id ending in ".reason" could own this name already; then both files move on to the next name.
            try {
                Files.write(dir.resolve(name + ".reason.json"), reasonJson(endpoint, event, entity, reason, attempts,
                        now), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                Files.delete(file);
                continue;
            }
            return file;
        }
    }

    private static byte[] reasonJson(String endpoint, OutgoingEvent event, String entity, String reason, int attempts,
            Instant now) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("eventId", event.eventId());
            g.writeStringField("endpoint", endpoint);
            g.writeStringField("route", event.routeId());
            if (entity != null) {
                g.writeStringField("entity", entity);
            }
            if (event.partitionKey() != null) {
                g.writeStringField("partitionKey", event.partitionKey());
            }
            g.writeStringField("reason", reason);
            g.writeNumberField("attempts", attempts);
            g.writeStringField("deadLetteredAt", now.toString());
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The id as a file name: letters, digits, '.', '-' and '_' kept, anything else '_', never hidden. */
    static String safeName(String id) {
        StringBuilder sb = new StringBuilder(Math.min(id.length(), MAX_NAME) + 1);
        for (int i = 0; i < id.length() && sb.length() < MAX_NAME; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.';
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || sb.charAt(0) == '.') {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
