package io.eventroute.compiler.cesql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EvaluationResult;
import io.eventroute.compiler.EventView;
import io.eventroute.compiler.FilterCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the vendored CloudEvents SQL TCK through the compiled filter, with constant
 * folding on and off: one dynamic test per case, named {@code file: case name}. The cases that
 * contradict the specification text are in {@link TckDeviations}, each with the result the spec gives,
 * which is asserted instead.
 */
class CesqlTckTest {
    private static final FilterCompiler FOLDING = FilterCompiler.builder().dialect(Dialect.CESQL).build();
    private static final FilterCompiler NO_FOLDING = FilterCompiler.builder().dialect(Dialect.CESQL)
            .constantFolding(false).build();

    @TestFactory
    Stream<DynamicTest> tck() throws IOException {
        List<CesqlTck.Case> cases = CesqlTck.load(CesqlTck.directory());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(TckDeviations.corrected(c))));
    }

    @Test
    void theWholeKitIsThere() throws IOException {
        List<CesqlTck.Case> cases = CesqlTck.load(CesqlTck.directory());
        assertEquals(275, cases.size(), "the TCK README counts 275 cases");
        assertEquals(275, cases.stream().map(CesqlTck.Case::id).distinct().count(), "case ids are unique");
        for (String id : TckDeviations.ids()) {
            CesqlTck.Case original = cases.stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("deviation names no TCK case: " + id));
            // A listed deviation must really fail as the TCK states it; otherwise it does not belong in the list.
            assertThrows(AssertionError.class, () -> check(original), id);
        }
    }

    /** The vendored files are upstream's, unmodified: each one's git blob hash is the one its README lists. */
    @Test
    void theCopyIsUnmodified() throws IOException, NoSuchAlgorithmException {
        Path dir = CesqlTck.directory();
        Matcher listed = Pattern.compile("(?m)^([0-9a-f]{40})  (\\S+\\.yaml)$")
                .matcher(Files.readString(dir.resolve("README.md")));
        Map<String, String> expected = new TreeMap<>();
        while (listed.find()) {
            expected.put(listed.group(2), listed.group(1));
        }
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml"))::iterator) {
                byte[] content = Files.readAllBytes(f);
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
                actual.put(f.getFileName().toString(), HexFormat.of().formatHex(sha1.digest(content)));
            }
        }
        assertEquals(18, expected.size(), "the README lists 18 files");
        assertEquals(expected, actual);
    }

    static void check(CesqlTck.Case c) {
        check(c, FOLDING, "folding on");
        check(c, NO_FOLDING, "folding off");
    }

    private static void check(CesqlTck.Case c, FilterCompiler compiler, String mode) {
        String where = c.id() + " [" + mode + "] " + c.expression();
        CompileResult compiled = compiler.compile(c.expression());
        if (compiled.hasErrors()) {
            String kind = compiled.errors().get(0).code().kind(Dialect.CESQL);
            assertEquals(c.error(), kind, () -> where + ": does not compile\n" + compiled.render());
            if (!"parse".equals(c.error()) && c.result() != null) {
                // A filter that does not compile stands for false (it never matches).
                assertEquals(Boolean.FALSE, c.result(), where);
            }
            return;
        }
        assertFalse("parse".equals(c.error()), () -> where + ": expected a parse error, but it compiled");
        if (c.warnings() != null) {
            assertEquals(c.warnings(), compiled.warnings().stream().map(d -> d.code().code()).distinct()
                    .collect(java.util.stream.Collectors.toList()), () -> where + ": warnings\n" + compiled.render());
        }
        CompiledFilter filter = compiled.orThrow();
        EventView event = EventView.of(c.event());
        EvaluationResult r = filter.evaluateValue(event);
        assertEquals(c.result(), r.value(), () -> where + ": value (" + r + ")");
        assertEquals(c.error() == null ? List.of() : List.of(c.error()), r.errors(), () -> where + ": errors");
        assertEquals(r.matches(), filter.matches(event), () -> where + ": matches() agrees with the result");
        assertEquals(r.errors().isEmpty() && r.value() instanceof Boolean ? r.value() : null, filter.evaluate(event),
                () -> where + ": evaluate()");
    }

}
