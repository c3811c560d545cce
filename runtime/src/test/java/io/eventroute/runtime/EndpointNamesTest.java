package io.eventroute.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointNamesTest {
    @Test
    void namesAreSafeAsDirectoriesAndLabels() {
        for (String good : List.of("a", "hook-1", "A.b_c", "9", "x".repeat(128))) {
            assertTrue(EndpointNames.isValid(good), good);
            assertEquals(Optional.empty(), EndpointNames.problem(good));
        }
        for (String bad : List.of("", "-a", ".hidden", "../etc", "a/b", "a b", "é", "x".repeat(129))) {
            assertFalse(EndpointNames.isValid(bad), bad);
            assertEquals(Optional.of("invalid endpoint name '" + bad + "': use 1 to 128 letters, digits, '-', '_' and "
                    + "'.', starting with a letter or digit"), EndpointNames.problem(bad));
        }
        assertFalse(EndpointNames.isValid(null));
    }
}
