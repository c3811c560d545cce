package io.eventroute.cli.config;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.EndpointKinds;
import io.eventroute.runtime.EndpointNames;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.EndpointSettingsException;
import io.eventroute.runtime.endpoint.SettingsSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The endpoints of the file: each one's name (the runtime's {@link EndpointNames} rule, unique), kind,
 * delivery options, and settings checked against the kind's {@link SettingsSpec} (unknown ones with a
 * suggestion, missing required ones, values of the wrong type), then by creating and closing its sender
 * (the fine rules: URLs, connection strings), whose refusal is reported at the line of the setting it
 * names. Not thread-safe (one load).
 */
final class EndpointsSection {
    private static final Set<String> ENDPOINT_KEYS = Set.of("name", "kind", "delivery");

    private final ConfigValues values;
    private final EndpointKinds kinds;
    // Each name read so far and its kind (null when the kind is missing or unknown).
    private final Map<String, String> kindsByName = new LinkedHashMap<>();

    EndpointsSection(ConfigValues values, EndpointKinds kinds) {
        this.values = values;
        this.kinds = kinds;
    }

    /** The endpoints' names read so far, each with its kind (null when it had none or an unknown one). */
    Map<String, String> kindsByName() {
        return kindsByName;
    }

    /** The endpoint of list item {@code node}, or null when it has errors (each reported). */
    EndpointConfig read(Node node, DeliveryOptions defaults) {
        if (!(node instanceof Node.MapNode map)) {
            values.error(node, "an endpoint is a mapping with 'name', 'kind' and its settings, not " + node.describe());
            return null;
        }
        int before = values.errorCount();
        String name = values.requiredString(map, "name", "an endpoint");
        String label = name == null ? "the endpoint at line " + map.line() : "endpoint '" + name + "'";
        if (name != null) {
            Optional<String> invalid = EndpointNames.problem(name);
            if (invalid.isPresent()) {
                values.error(map.get("name"), invalid.get());
            } else if (kindsByName.containsKey(name)) {
                values.error(map.get("name"), "endpoint name '" + name + "' is used twice");
                name = null;
            }
        }
        String kind = values.requiredString(map, "kind", label);
        SettingsSpec spec = null;
        if (kind != null) {
            // A kind whose classes are absent still has its specification: its settings are checked, and
            // creating its sender says that it is not available.
            if (!kinds.kinds().contains(kind) && kinds.spec(kind).isEmpty()) {
                values.error(map.get("kind"), label + ": unknown kind '" + kind + "'"
                        + Suggestions.hint(kind, kinds.kinds()));
                kind = null;
            } else {
                spec = kinds.spec(kind).orElse(SettingsSpec.of(kind));
            }
        }
        if (name != null) {
            // Known even when its kind is not, so that routes to it do not add "no endpoint is named" errors.
            kindsByName.put(name, kind);
        }
        DeliveryOptions delivery = defaults;
        if (map.get("delivery") != null) {
            delivery = DeliverySection.read(values, map.get("delivery"), defaults, "delivery of " + label);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Node> settingNodes = new LinkedHashMap<>();
        if (spec != null) {
            settings(map, spec, label, settings, settingNodes);
            required(map, spec, label);
            SecretWarnings.check(values, spec, label, settings, settingNodes);
        }
        if (values.errorCount() > before || name == null || kind == null) {
            return null;
        }
        if (!kind.equals("file")) {
            trial(map, label, name, kind, settings, settingNodes);
        }
        return new EndpointConfig(name, kind, settings, delivery, map.line());
    }

    private void settings(Node.MapNode map, SettingsSpec spec, String label, Map<String, String> settings,
            Map<String, Node> nodes) {
        for (Node.Entry e : map.entries().values()) {
            if (ENDPOINT_KEYS.contains(e.key())) {
                continue;
            }
            Optional<SettingsSpec.Setting> family = spec.settings().stream()
                    .filter(s -> s.type() == SettingsSpec.Type.MAP_PREFIX && fileKey(s).equals(e.key()))
                    .findFirst();
            if (family.isPresent()) {
                mapping(e.value(), family.get(), label, settings, nodes);
                continue;
            }
            Optional<SettingsSpec.Setting> setting = spec.setting(e.key());
            if (setting.isEmpty()) {
                List<String> all = new ArrayList<>();
                spec.settings().forEach(s -> all.add(fileKey(s)));
                all.addAll(List.of("name", "kind", "delivery"));
                values.error(e.keyLine(), label + ": unknown setting '" + e.key() + "' for kind '" + spec.kind() + "'"
                        + Suggestions.hint(e.key(), all));
                continue;
            }
            String v = values.scalarText(e.value(), label + ": '" + e.key() + "'");
            if (v == null) {
                continue;
            }
            check(setting.get(), e.key(), v, e.value(), label);
            settings.put(e.key(), v);
            nodes.put(e.key(), e.value());
        }
    }

    // A family of settings written as one mapping: "headers: {Authorization: x}" is header.Authorization.
    private void mapping(Node node, SettingsSpec.Setting family, String label, Map<String, String> settings,
            Map<String, Node> nodes) {
        if (!(node instanceof Node.MapNode map)) {
            values.error(node, label + ": '" + fileKey(family) + "' must be a mapping of names to values, not "
                    + node.describe());
            return;
        }
        for (Node.Entry e : map.entries().values()) {
            String key = family.name() + e.key();
            String v = values.scalarText(e.value(), label + ": '" + key + "'");
            if (v != null) {
                check(family, key, v, e.value(), label);
                settings.put(key, v);
                nodes.put(key, e.value());
            }
        }
    }

    private void check(SettingsSpec.Setting setting, String key, String value, Node at, String label) {
        setting.problemWith(value).ifPresent(p -> values.error(at, label + ": the setting '" + key + "' " + p));
    }

    private void required(Node.MapNode map, SettingsSpec spec, String label) {
        for (SettingsSpec.Setting s : spec.settings()) {
            if (!s.required()) {
                continue;
            }
            Node written = map.get(fileKey(s));
            if (written == null) {
                values.error(map, label + ": kind '" + spec.kind() + "' needs the setting '" + fileKey(s) + "'");
            } else if (written instanceof Node.Scalar scalar && scalar.text() != null && scalar.text().isBlank()) {
                values.error(written, label + ": the setting '" + fileKey(s) + "' is empty");
            }
        }
    }

    // The runtime's factories know the fine rules (URLs, connection strings); run them without side effects.
    private void trial(Node.MapNode map, String label, String name, String kind, Map<String, String> settings,
            Map<String, Node> nodes) {
        try {
            EndpointSender sender = kinds.create(kind, name, settings);
            sender.close();
        } catch (EndpointSettingsException e) {
            values.error(nodes.getOrDefault(e.setting(), map), label + ": the setting '" + e.setting() + "' "
                    + e.problem());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            values.error(map, message.startsWith("endpoint '") ? message : label + ": " + message);
        }
    }

    /** How a file writes {@code setting}: its name, or for a family the prefix's plural ({@code headers}). */
    static String fileKey(SettingsSpec.Setting setting) {
        String name = setting.name();
        return setting.type() == SettingsSpec.Type.MAP_PREFIX ? name.substring(0, name.length() - 1) + "s" : name;
    }
}
