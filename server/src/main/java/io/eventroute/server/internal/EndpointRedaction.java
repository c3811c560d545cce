package io.eventroute.server.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code GET /endpoints} may show of an endpoint's settings. An allow-list, not a deny-list: a
 * setting is shown only when it is known to hold no secret, and URLs lose their query and user
 * information (SAS signatures and codes travel there). Anything else is left out.
 */
final class EndpointRedaction {
    private static final Set<String> PLAIN = Set.of("path", "fsync", "maxBatchCount", "maxBatchBytes", "connectTimeout",
            "batch", "eventHub", "queue", "topic", "schema");
    private static final Set<String> URLS = Set.of("url", "endpoint");

    private EndpointRedaction() {
    }

    static Map<String, String> visible(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (PLAIN.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            } else if (URLS.contains(e.getKey())) {
                String url = withoutSecrets(e.getValue());
                if (url != null) {
                    out.put(e.getKey(), url);
                }
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
