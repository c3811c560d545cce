package io.eventroute.server.internal;

import io.eventroute.runtime.endpoint.SettingsSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code GET /endpoints} may show of an endpoint's settings, decided by its kind's
 * {@link SettingsSpec}: a setting is shown only when the specification knows it and marks it not
 * secret (so a kind without a specification shows none), and URLs lose their query and user
 * information (SAS signatures and codes travel there). Stateless; thread-safe.
 */
final class EndpointRedaction {
    private EndpointRedaction() {
    }

    static Map<String, String> visible(Optional<SettingsSpec> spec, Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        if (spec.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Optional<SettingsSpec.Setting> setting = spec.get().setting(e.getKey());
            if (setting.isEmpty() || setting.get().secret()) {
                continue;
            }
            if (setting.get().type() == SettingsSpec.Type.URL) {
                String url = withoutSecrets(e.getValue());
                if (url != null) {
                    out.put(e.getKey(), url);
                }
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static String withoutSecrets(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
