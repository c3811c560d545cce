package io.eventroute.runtime.endpoint;

import io.eventroute.runtime.DeliveryOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The settings one endpoint kind reads: each setting's name, type, whether it is required or holds a
 * secret, its default and what it means. It is the one description of a kind that its sender, the
 * configuration file's checks, the serve API's {@code GET /endpoints} (which shows no secret setting)
 * and the README's table of endpoint kinds all use. Immutable; thread-safe.
 */
public final class SettingsSpec {

    /** What a setting's value must look like; a blank value counts as absent and is not checked. */
    public enum Type {
        /** Any text. */
        STRING,
        /** A URL ({@link URI} syntax); the sender checks its scheme. Shown without query or user information. */
        URL,
        /** A positive duration as {@link DeliveryOptions#parseDuration} reads it ({@code 500ms}, {@code 5s}, {@code PT5S}). */
        DURATION,
        /** A whole number above zero. */
        POSITIVE_INTEGER,
        /** {@code true} or {@code false}, in any case. */
        BOOLEAN,
        /** A file system path; relative paths resolve against the working directory. */
        PATH,
        /** An Azure connection string ({@code Endpoint=...;SharedAccessKeyName=...;SharedAccessKey=...}). */
        CONNECTION_STRING,
        /**
         * A family of settings named by a prefix ending in {@code .} ({@code header.} for
         * {@code header.Authorization}); a configuration file may write them as one mapping under the
         * prefix's plural ({@code headers:}).
         */
        MAP_PREFIX
    }

    /**
     * One setting: its {@code name} (for {@link Type#MAP_PREFIX}, the prefix, ending in {@code .}),
     * whether it is {@code required}, whether it may hold a {@code secret} (never shown, never quoted in
     * messages), its {@code defaultValue} as the documentation writes it (null when none) and a
     * {@code description} of one clause. Immutable; thread-safe.
     */
    public record Setting(String name, Type type, boolean required, boolean secret, String defaultValue,
            String description) {
        public Setting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(description, "description");
            if (name.isBlank() || (type == Type.MAP_PREFIX) != name.endsWith(".")) {
                throw new IllegalArgumentException("setting name '" + name + "': only a MAP_PREFIX setting's name, "
                        + "and all of them, end in '.'");
            }
            if (required && defaultValue != null) {
                throw new IllegalArgumentException("setting '" + name + "' is required, so it has no default");
            }
        }

        /** A required setting without default. */
        public static Setting required(String name, Type type, boolean secret, String description) {
            return new Setting(name, type, true, secret, null, description);
        }

        /** An optional setting; {@code defaultValue} may be null. */
        public static Setting optional(String name, Type type, boolean secret, String defaultValue,
                String description) {
            return new Setting(name, type, false, secret, defaultValue, description);
        }

        /** True when {@code key} of a settings map is this setting (or, for a prefix, one of its family). */
        public boolean matches(String key) {
            return type == Type.MAP_PREFIX ? key.startsWith(name) && key.length() > name.length() : key.equals(name);
        }

        /** How the name is written in messages and documentation ({@code header.<name>} for a prefix). */
        public String displayName() {
            return type == Type.MAP_PREFIX ? name + "<name>" : name;
        }

        /**
         * What is wrong with {@code value} for this setting's type, as a predicate such as "must be a
         * positive whole number, not '0'" (quoting the value only for types that are never secret);
         * empty when it is fine or blank.
         */
        public Optional<String> problemWith(String value) {
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            String v = value.trim();
            switch (type) {
                case URL:
                    try {
                        new URI(v);
                        return Optional.empty();
                    } catch (URISyntaxException e) {
                        return Optional.of("is not a valid URL");
                    }
                case DURATION:
                    Duration d;
                    try {
                        d = DeliveryOptions.parseDuration(v);
                    } catch (IllegalArgumentException e) {
                        return Optional.of(e.getMessage());
                    }
                    return d.isZero() ? Optional.of("must be a positive duration, not '" + v + "'") : Optional.empty();
                case POSITIVE_INTEGER:
                    try {
                        if (Long.parseLong(v) > 0) {
                            return Optional.empty();
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    return Optional.of("must be a positive whole number, not '" + v + "'");
                case BOOLEAN:
                    String lower = v.toLowerCase(Locale.ROOT);
                    return lower.equals("true") || lower.equals("false") ? Optional.empty()
                            : Optional.of("must be true or false, not '" + v + "'");
                case PATH:
                    try {
                        Path.of(v);
                        return Optional.empty();
                    } catch (InvalidPathException e) {
                        return Optional.of("is not a valid path");
                    }
                default:
                    return Optional.empty();
            }
        }
    }

    private final String kind;
    private final List<Setting> settings;

    private SettingsSpec(String kind, List<Setting> settings) {
        this.kind = kind;
        this.settings = settings;
    }

    /**
     * The specification of kind {@code kind} with {@code settings}, in the order they are documented and
     * checked.
     *
     * @throws IllegalArgumentException when two settings have the same name
     */
    public static SettingsSpec of(String kind, Setting... settings) {
        Objects.requireNonNull(kind, "kind");
        Map<String, Setting> byName = new LinkedHashMap<>();
        for (Setting s : settings) {
            if (byName.put(Objects.requireNonNull(s, "setting").name(), s) != null) {
                throw new IllegalArgumentException("kind '" + kind + "': setting '" + s.name() + "' is given twice");
            }
        }
        return new SettingsSpec(kind, List.copyOf(byName.values()));
    }

    /** The kind's name ({@code webhook}). */
    public String kind() {
        return kind;
    }

    /** Every setting, in documentation order. */
    public List<Setting> settings() {
        return settings;
    }

    /** The setting that key {@code key} of a settings map is, if any ({@code header.X} is {@code header.}). */
    public Optional<Setting> setting(String key) {
        Objects.requireNonNull(key, "key");
        for (Setting s : settings) {
            if (s.matches(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** True when the value of {@code key} must not be shown or quoted (unknown keys included). */
    public boolean isSecret(String key) {
        return setting(key).map(Setting::secret).orElse(true);
    }

    /**
     * Checks {@code values} for endpoint {@code endpointName}: no unknown setting (the first in
     * alphabetical order is named), then, in the specification's order, every required one present and
     * every value of its type.
     *
     * @throws EndpointSettingsException naming the first setting that is wrong
     */
    public void check(String endpointName, Map<String, String> values) {
        Objects.requireNonNull(values, "settings");
        for (String key : new TreeSet<>(values.keySet())) {
            if (setting(key).isEmpty()) {
                throw new EndpointSettingsException(kind, endpointName, key,
                        "is not a setting of this kind; known: " + String.join(", ", displayNames()));
            }
        }
        for (Setting s : settings) {
            List<String> keys = new ArrayList<>();
            for (String key : new TreeSet<>(values.keySet())) {
                if (s.matches(key)) {
                    keys.add(key);
                }
            }
            if (s.required() && keys.stream().allMatch(k -> values.get(k) == null || values.get(k).isBlank())) {
                throw new EndpointSettingsException(kind, endpointName, s.displayName(), "is required");
            }
            for (String key : keys) {
                Optional<String> problem = s.problemWith(values.get(key));
                if (problem.isPresent()) {
                    throw new EndpointSettingsException(kind, endpointName, key, problem.get());
                }
            }
        }
    }

    /** The settings' names as messages write them, sorted. */
    public List<String> displayNames() {
        TreeSet<String> names = new TreeSet<>();
        settings.forEach(s -> names.add(s.displayName()));
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "SettingsSpec[" + kind + ": " + String.join(", ", displayNames()) + "]";
    }
}
