package io.eventroute.cli.config;

import io.eventroute.runtime.endpoint.SettingsSpec;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Warns about a secret written literally in the file, naming the environment variable to use instead.
 * The kind's {@link SettingsSpec} says which settings may hold one; the value says whether this one
 * does (an emulator's well-known connection string does not; a URL does when its query carries a
 * signature or code). Values that came from {@code ${VAR}} are left alone. Stateless.
 */
final class SecretWarnings {
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i).*(authorization|key|token|secret|sas|password).*");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i).*[?&](sig|code|key|token|secret|password)=.*");
    private static final Pattern USER_INFO = Pattern.compile("(?i)[a-z]+://[^/@]*:[^/@]*@.*");

    private SecretWarnings() {
    }

    static void check(ConfigValues values, SettingsSpec spec, String label, Map<String, String> settings,
            Map<String, Node> nodes) {
        for (Map.Entry<String, String> s : settings.entrySet()) {
            Node n = nodes.get(s.getKey());
            SettingsSpec.Setting setting = spec.setting(s.getKey()).orElse(null);
            if (setting == null || values.fromEnvironment(n) || !holdsSecret(setting, s.getKey(), s.getValue())) {
                continue;
            }
            String key = s.getKey();
            String shortKey = setting.type() == SettingsSpec.Type.MAP_PREFIX ? key.substring(setting.name().length())
                    : key;
            String variable = (label.replaceAll("^endpoint '|'$", "") + "_" + shortKey)
                    .toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
            values.warning(n, label + ": '" + key + "' holds a secret written in the file; anyone who can read the file "
                    + "can use it: write ${" + variable + "} and set that environment variable instead");
        }
    }

    private static boolean holdsSecret(SettingsSpec.Setting setting, String key, String value) {
        if (value.isBlank()) {
            return false;
        }
        switch (setting.type()) {
            case CONNECTION_STRING:
                String lower = value.toLowerCase(Locale.ROOT);
                return setting.secret() && (lower.contains("sharedaccesskey=") || lower.contains("sharedaccesssignature="))
                        && !lower.contains("usedevelopmentemulator=true");
            case MAP_PREFIX:
                return setting.secret() && SECRET_HEADER.matcher(key.substring(setting.name().length())).matches();
            case URL:
                return SECRET_QUERY.matcher(value).matches() || USER_INFO.matcher(value).matches();
            default:
                return setting.secret();
        }
    }
}
