package io.eventroute.compiler.cesql;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our own CESQL cases (src/test/resources/cesql), in the TCK's schema plus expected warnings: what the
 * TCK does not cover (grouping, precedence, overflow, Unicode, bad input). Run like the TCK.
 */
class CesqlOwnCasesTest {
    @TestFactory
    Stream<DynamicTest> ownCases() throws IOException, URISyntaxException {
        Path dir = Paths.get(CesqlOwnCasesTest.class.getResource("/cesql").toURI());
        List<CesqlTck.Case> cases = CesqlTck.load(dir, true);
        assertFalse(cases.isEmpty());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> CesqlTckTest.check(c)));
    }
}
