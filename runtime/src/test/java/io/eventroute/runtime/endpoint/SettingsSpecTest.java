package io.eventroute.runtime.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.SettingsSpec.Setting;
import io.eventroute.runtime.endpoint.SettingsSpec.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsSpecTest {
    private static final SettingsSpec SPEC = SettingsSpec.of("k",
            Setting.required("url", Type.URL, false, "where to"),
            Setting.required("key", Type.STRING, true, "the key"),
            Setting.optional("header.", Type.MAP_PREFIX, true, null, "headers"),
            Setting.optional("path", Type.PATH, false, null, "a file"));

    @Test
    void eachTypeRefusesWhatItCannotRead() {
        assertEquals(Optional.of("is not a valid URL"), setting(Type.URL).problemWith("http://a b/"));
        assertEquals(Optional.empty(), setting(Type.URL).problemWith("https://h/x?sig=1"));
        assertEquals(Optional.of("must be a positive duration, not '0ms'"), setting(Type.DURATION).problemWith("0ms"));
        assertEquals(Optional.of("must be a duration such as 200ms, 5s, 2m, 1h or PT5S, not '5'"),
                setting(Type.DURATION).problemWith(" 5 "));
        assertEquals(Optional.empty(), setting(Type.DURATION).problemWith("PT5S"));
        assertEquals(Optional.of("must be a positive whole number, not '-1'"),
                setting(Type.POSITIVE_INTEGER).problemWith("-1"));
        assertEquals(Optional.of("must be a positive whole number, not '1.5'"),
                setting(Type.POSITIVE_INTEGER).problemWith("1.5"));
        assertEquals(Optional.empty(), setting(Type.POSITIVE_INTEGER).problemWith("4194304"));
        assertEquals(Optional.of("must be true or false, not 'yes'"), setting(Type.BOOLEAN).problemWith("yes"));
        assertEquals(Optional.empty(), setting(Type.BOOLEAN).problemWith("False"));
        assertEquals(Optional.of("is not a valid path"), setting(Type.PATH).problemWith("a\0b"));
        assertEquals(Optional.empty(), setting(Type.STRING).problemWith("anything at all"));
        for (Type t : Type.values()) {
            if (t != Type.MAP_PREFIX) {
                assertEquals(Optional.empty(), setting(t).problemWith("  "), "blank is absent, not wrong: " + t);
            }
        }
    }

    @Test
    void aPrefixNamesAFamilyOfSettings() {
        Setting headers = SPEC.setting("header.Authorization").orElseThrow();
        assertEquals("header.", headers.name());
        assertEquals("header.<name>", headers.displayName());
        assertTrue(SPEC.setting("header.").isEmpty());
        assertTrue(SPEC.setting("headers").isEmpty());
        assertEquals(List.of("header.<name>", "key", "path", "url"), SPEC.displayNames());
    }

    @Test
    void secretsAreMarkedAndUnknownKeysCountAsSecret() {
        assertTrue(SPEC.isSecret("key"));
        assertTrue(SPEC.isSecret("header.X-Api-Key"));
        assertFalse(SPEC.isSecret("url"));
        assertFalse(SPEC.isSecret("path"));
        assertTrue(SPEC.isSecret("somethingElse"), "an allow-list: what the spec does not know is not shown");
    }

    @Test
    void checkNamesTheUnknownThenTheMissingThenTheMistypedSetting() {
        EndpointSettingsException unknown = assertThrows(EndpointSettingsException.class,
                () -> SPEC.check("e", Map.of("pth", "x", "url", "bad url")));
        assertEquals("pth", unknown.setting());
        EndpointSettingsException missing = assertThrows(EndpointSettingsException.class,
                () -> SPEC.check("e", Map.of("url", "http://h/", "key", " ")));
        assertEquals("k endpoint 'e': setting 'key' is required", missing.getMessage());
        EndpointSettingsException typed = assertThrows(EndpointSettingsException.class,
                () -> SPEC.check("e", Map.of("url", "http://h/ x", "key", "k")));
        assertEquals("url", typed.setting());
        SPEC.check("e", Map.of("url", "http://h/", "key", "k", "header.A", "1", "path", "out/x.jsonl"));
    }

    @Test
    void aSpecificationThatContradictsItselfIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Setting.optional("header", Type.MAP_PREFIX, true, null, "d"));
        assertThrows(IllegalArgumentException.class, () -> Setting.optional("a.", Type.STRING, false, null, "d"));
        assertThrows(IllegalArgumentException.class, () -> new Setting("a", Type.STRING, true, false, "x", "d"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> SettingsSpec.of("k",
                Setting.optional("a", Type.STRING, false, null, "d"), Setting.optional("a", Type.PATH, false, null, "d")));
        assertEquals("kind 'k': setting 'a' is given twice", twice.getMessage());
    }

    private static Setting setting(Type type) {
        return type == Type.MAP_PREFIX ? Setting.optional("p.", type, false, null, "d")
                : Setting.optional("s", type, false, null, "d");
    }
}
