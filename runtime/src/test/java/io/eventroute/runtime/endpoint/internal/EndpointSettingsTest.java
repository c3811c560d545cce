package io.eventroute.runtime.endpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.EndpointSettingsException;
import io.eventroute.runtime.endpoint.SettingsSpec;
import io.eventroute.runtime.endpoint.SettingsSpec.Setting;
import io.eventroute.runtime.endpoint.SettingsSpec.Type;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSettingsTest {
    private static final SettingsSpec SPEC = SettingsSpec.of("k",
            Setting.required("url", Type.URL, false, "where to"),
            Setting.optional("d", Type.DURATION, false, "1s", "a duration"),
            Setting.optional("n", Type.POSITIVE_INTEGER, false, "1", "a count"),
            Setting.optional("f", Type.BOOLEAN, false, "false", "a flag"),
            Setting.optional("secret", Type.STRING, true, null, "a key"),
            Setting.optional("header.", Type.MAP_PREFIX, true, null, "headers"));

    @Test
    void readsDurationsNumbersFlagsAndPrefixedSettings() {
        EndpointSettings s = EndpointSettings.of(SPEC, "e", Map.of("url", " http://h/ ", "d", "PT2S", "n", "12",
                "f", "TRUE", "header.B", "2", "header.A", "1"));
        assertEquals("http://h/", s.required("url"));
        assertEquals(Duration.ofSeconds(2), s.duration("d", null));
        assertEquals(12, s.positiveInt("n", 1));
        assertEquals(true, s.flag("f", false));
        assertEquals(Map.of("A", "1", "B", "2"), s.withPrefix("header."));
        assertEquals("[A, B]", s.withPrefix("header.").keySet().toString());
        assertNull(s.optional("secret"));
        assertEquals(Duration.ofSeconds(9),
                EndpointSettings.of(SPEC, "e", Map.of("url", "http://h/")).duration("d", Duration.ofSeconds(9)));
        assertEquals("k endpoint 'e'", s.describe());
    }

    @Test
    void refusesBadValuesNamingEndpointAndSetting() {
        assertRefused(Map.of("url", "http://h/", "d", "5 parsecs"), "d",
                "k endpoint 'e': setting 'd' must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not '5 parsecs'");
        assertRefused(Map.of("url", "http://h/", "d", "0s"), "d",
                "k endpoint 'e': setting 'd' must be a positive duration, not '0s'");
        assertRefused(Map.of("url", "http://h/", "d", "99999999999999999999ms"), "d",
                "k endpoint 'e': setting 'd' must be at most 876000h (100 years), not '99999999999999999999ms'");
        assertRefused(Map.of("url", "http://h/", "n", "0"), "n",
                "k endpoint 'e': setting 'n' must be a positive whole number, not '0'");
        assertRefused(Map.of("url", "http://h/", "f", "yes"), "f",
                "k endpoint 'e': setting 'f' must be true or false, not 'yes'");
        assertRefused(Map.of("url", "http://h/ x"), "url", "k endpoint 'e': setting 'url' is not a valid URL");
        assertRefused(Map.of("url", "  "), "url", "k endpoint 'e': setting 'url' is required");
        assertRefused(Map.of(), "url", "k endpoint 'e': setting 'url' is required");
        EndpointSettings s = EndpointSettings.of(SPEC, "e", Map.of("url", "http://h/", "n", "3000000000"));
        assertEquals(3_000_000_000L, s.positiveLong("n", 1));
        EndpointSettingsException tooBig = assertThrows(EndpointSettingsException.class, () -> s.positiveInt("n", 1));
        assertEquals("k endpoint 'e': setting 'n' must be at most 2147483647, not '3000000000'", tooBig.getMessage());
    }

    @Test
    void unknownSettingsAreNamedOneAtATimeWithTheKnownOnes() {
        EndpointSettingsException error = assertRefused(Map.of("url", "http://h/", "zz", "1", "b", "2"), "b",
                "k endpoint 'e': setting 'b' is not a setting of this kind; known: d, f, header.<name>, n, secret, url");
        assertEquals("is not a setting of this kind; known: d, f, header.<name>, n, secret, url", error.problem());
        assertEquals("e", error.endpointName());
        assertEquals("k", error.kind());
        // "header." alone is not one of the family: the family needs a name after the prefix.
        assertRefused(Map.of("url", "http://h/", "header.", "x"), "header.",
                "k endpoint 'e': setting 'header.' is not a setting of this kind; known: d, f, header.<name>, n, secret, url");
    }

    @Test
    void theValueOfASecretIsNeverRepeated() {
        SettingsSpec spec = SettingsSpec.of("k", Setting.required("key", Type.STRING, true, "a key"));
        EndpointSettings s = EndpointSettings.of(spec, "e", Map.of("key", "topsecret"));
        EndpointSettingsException e = s.invalid("key", "is refused");
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> EndpointSettings.of(spec, " ", Map.of("key", "topsecret")));
        assertEquals("k endpoint: the endpoint name is missing", noName.getMessage());
    }

    private static EndpointSettingsException assertRefused(Map<String, String> settings, String setting, String message) {
        EndpointSettingsException e = assertThrows(EndpointSettingsException.class,
                () -> EndpointSettings.of(SPEC, "e", settings));
        assertEquals(message, e.getMessage());
        assertEquals(setting, e.setting());
        assertTrue(message.endsWith(e.problem()), e.problem());
        return e;
    }
}
