package io.eventroute.runtime.endpoint.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A Service Bus or Event Hubs connection string ({@code Endpoint=sb://...;SharedAccessKeyName=...;
 * SharedAccessKey=...[;EntityPath=...][;UseDevelopmentEmulator=true]}), checked well enough to give a
 * clear error before any client is built. Errors never repeat the string: it holds a key. Immutable;
 * thread-safe.
 */
public final class ConnectionString {
    /** The parts the Azure SDK reads, in their canonical spelling; it refuses any other. */
    private static final List<String> KNOWN = List.of("Endpoint", "SharedAccessKeyName", "SharedAccessKey",
            "SharedAccessSignature", "EntityPath", "UseDevelopmentEmulator");

    private final Map<String, String> parts;

    private ConnectionString(Map<String, String> parts) {
        this.parts = parts;
    }

    /**
     * Parses the value of setting {@code setting}.
     *
     * @throws IllegalArgumentException naming the endpoint, the setting and what is wrong
     */
    public static ConnectionString parse(EndpointSettings settings, String setting) {
        String text = settings.required(setting);
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw settings.invalid(setting, "is not a connection string: expected 'Name=value' parts separated by ';'");
            }
            String name = part.substring(0, eq).trim();
            String canonical = canonicalName(name);
            if (!KNOWN.contains(canonical)) {
                // The SDK refuses unknown parts, but only when the first send builds its client.
                throw settings.invalid(setting, "has an unknown part '" + name + "' (known: "
                        + String.join(", ", KNOWN) + ")");
            }
            if (parts.containsKey(canonical)) {
                throw settings.invalid(setting, "names '" + canonical + "' twice");
            }
            parts.put(canonical, part.substring(eq + 1).trim());
        }
        String endpoint = parts.get("Endpoint");
        if (endpoint == null || endpoint.isEmpty()) {
            throw settings.invalid(setting, "has no 'Endpoint=sb://<namespace>/' part");
        }
        try {
            URI uri = new URI(endpoint);
            if (!"sb".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw settings.invalid(setting, "has an 'Endpoint' that is not an sb://<host> address");
            }
        } catch (URISyntaxException e) {
            throw settings.invalid(setting, "has an 'Endpoint' that is not a valid address");
        }
        boolean key = parts.containsKey("SharedAccessKeyName") || parts.containsKey("SharedAccessKey");
        if (key && (isBlank(parts.get("SharedAccessKeyName")) || isBlank(parts.get("SharedAccessKey")))) {
            throw settings.invalid(setting, "needs both 'SharedAccessKeyName' and 'SharedAccessKey'");
        }
        String signature = parts.get("SharedAccessSignature");
        if (!key && isBlank(signature)) {
            throw settings.invalid(setting,
                    "needs 'SharedAccessKeyName' and 'SharedAccessKey', or 'SharedAccessSignature'");
        }
        if (key && signature != null) {
            throw settings.invalid(setting, "has both a key and a 'SharedAccessSignature': give one of them");
        }
        if (signature != null && !signature.toLowerCase(Locale.ROOT).startsWith("sharedaccesssignature ")) {
            throw settings.invalid(setting, "has a 'SharedAccessSignature' that does not start with "
                    + "'SharedAccessSignature ' (the token as the portal gives it)");
        }
        String emulator = parts.get("UseDevelopmentEmulator");
        if (emulator != null && !emulator.equalsIgnoreCase("true") && !emulator.equalsIgnoreCase("false")) {
            throw settings.invalid(setting, "has 'UseDevelopmentEmulator' other than true or false");
        }
        return new ConnectionString(parts);
    }

    /** The entity the string names ({@code EntityPath}), or null. */
    public String entityPath() {
        String path = parts.get("EntityPath");
        return isBlank(path) ? null : path;
    }

    /** The secrets in the string, to scrub from error messages. */
    public String[] secrets() {
        return new String[] {parts.get("SharedAccessKey"), parts.get("SharedAccessSignature")};
    }

    /** The string without its {@code EntityPath}, so one string serves every entity of the namespace. */
    public String withoutEntityPath() {
        StringJoiner joined = new StringJoiner(";");
        for (Map.Entry<String, String> part : parts.entrySet()) {
            if (!part.getKey().equals("EntityPath")) {
                joined.add(part.getKey() + "=" + part.getValue());
            }
        }
        return joined.toString();
    }

    /**
     * Lets the Azure SDK parse the string as well ({@code sdkParse} hands it to a client builder, which
     * does not connect), so what the SDK would refuse only when the first send builds a client is
     * refused now, as a bad setting.
     *
     * @throws IllegalArgumentException naming the endpoint and the setting, with the SDK's reason
     *     (secrets scrubbed)
     */
    public void checkWith(EndpointSettings settings, String setting, Consumer<String> sdkParse) {
        try {
            sdkParse.accept(withoutEntityPath());
        } catch (RuntimeException e) {
            throw settings.invalid(setting, "is refused by the Azure SDK: "
                    + new DeliveryFailures(settings.describe(), secrets()).scrub(e.getMessage()));
        }
    }

    /** Never the string itself: it holds a key. */
    @Override
    public String toString() {
        return "ConnectionString[" + parts.keySet() + "]";
    }

    private static String canonicalName(String name) {
        // The SDK reads these names case-insensitively; canonical spelling makes duplicates visible.
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "endpoint" -> "Endpoint";
            case "sharedaccesskeyname" -> "SharedAccessKeyName";
            case "sharedaccesskey" -> "SharedAccessKey";
            case "sharedaccesssignature" -> "SharedAccessSignature";
            case "entitypath" -> "EntityPath";
            case "usedevelopmentemulator" -> "UseDevelopmentEmulator";
            default -> name;
        };
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
