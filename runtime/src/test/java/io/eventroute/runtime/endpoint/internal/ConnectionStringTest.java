package io.eventroute.runtime.endpoint.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.runtime.endpoint.SettingsSpec;
import io.eventroute.runtime.endpoint.SettingsSpec.Setting;
import io.eventroute.runtime.endpoint.SettingsSpec.Type;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {
    private static final SettingsSpec SPEC = SettingsSpec.of("k",
            Setting.optional("cs", Type.CONNECTION_STRING, true, null, "a connection string"));

    private static ConnectionString parse(String text) {
        return ConnectionString.parse(EndpointSettings.of(SPEC, "e", Map.of("cs", text)), "cs");
    }

    @Test
    void theEntityPathIsTakenOutAndNamesAreCanonical() {
        ConnectionString cs = parse(" endpoint=sb://ns.servicebus.windows.net/;sharedaccesskeyname=n;"
                + "SharedAccessKey=k=;EntityPath=q1;");
        assertEquals("q1", cs.entityPath());
        assertEquals("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=n;SharedAccessKey=k=",
                cs.withoutEntityPath());
        assertArrayEquals(new String[] {"k=", null}, cs.secrets());
        assertFalse(cs.toString().contains("k="));
    }

    @Test
    void aSharedAccessSignatureIsEnough() {
        ConnectionString cs = parse("Endpoint=sb://ns/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y");
        assertNull(cs.entityPath());
    }

    @Test
    void errorsNeverRepeatTheString() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=topsecret;junk"));
        assertTrue(error.getMessage().startsWith("k endpoint 'e': setting 'cs' is not a connection string"),
                error.getMessage());
        assertFalse(error.getMessage().contains("topsecret"));
    }

    @Test
    void whatTheSdkWouldRefuseAtTheFirstSendIsRefusedNow() {
        assertRefused("Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=topsecret;Transport=amqp",
                "setting 'cs' has an unknown part 'Transport' (known: Endpoint, SharedAccessKeyName, "
                        + "SharedAccessKey, SharedAccessSignature, EntityPath, UseDevelopmentEmulator)");
        assertRefused("Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=k;"
                + "SharedAccessSignature=SharedAccessSignature sig=topsecret",
                "setting 'cs' has both a key and a 'SharedAccessSignature'");
        assertRefused("Endpoint=sb://ns/;SharedAccessSignature=sr=x&sig=topsecret",
                "setting 'cs' has a 'SharedAccessSignature' that does not start with 'SharedAccessSignature '");
    }

    @Test
    void theSdksOwnRefusalIsASettingErrorWithoutTheSecret() {
        ConnectionString cs = parse("Endpoint=sb://ns/;SharedAccessKeyName=n;SharedAccessKey=topsecret");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> cs.checkWith(EndpointSettings.of(SPEC, "e", Map.of()), "cs", text -> {
                    throw new IllegalArgumentException("bad string " + text);
                }));
        assertTrue(error.getMessage().startsWith("k endpoint 'e': setting 'cs' is refused by the Azure SDK: bad string "),
                error.getMessage());
        assertFalse(error.getMessage().contains("topsecret"), error.getMessage());
    }

    private static void assertRefused(String text, String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse(text));
        assertTrue(error.getMessage().startsWith("k endpoint 'e': " + expected), error.getMessage());
        assertFalse(error.getMessage().contains("topsecret"), error.getMessage());
    }
}
