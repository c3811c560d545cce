package io.eventroute.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.RouteTable;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A routes file is compiled in chunks and filed in file order: problems on chunk edges keep their lines. */
class RouteFileTest {
    @TempDir
    Path dir;

    @Test
    void tenThousandRoutesAreFiledInFileOrderWithEachProblemOnItsLine() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> expectedIds = new ArrayList<>();
        List<Integer> badLines = List.of(1, 4096, 4097, 8192, 10_000);
        for (int line = 1; line <= 10_000; line++) {
            String id = "r" + line;
            if (badLines.contains(line)) {
                text.append("{\"id\":\"").append(id).append("\",\"filter\":\"type = \"}\n");
            } else {
                text.append("{\"id\":\"").append(id).append("\",\"filter\":\"subject = 's").append(line).append("'\"}\n");
                expectedIds.add(id);
            }
        }
        Path file = dir.resolve("routes.jsonl");
        Files.writeString(file, text);
        RouteTable<Void> table = RouteTable.create();
        StringWriter err = new StringWriter();
        int problems = RouteFile.load(file.toString(), new ByteArrayInputStream(new byte[0]), Dialect.ADT,
                Limits.DEFAULT, table, new PrintWriter(err, true));
        assertEquals(badLines.size(), problems);
        assertEquals(expectedIds, table.ids(), "every good route, in file order");
        List<String> reported = err.toString().lines().filter(l -> l.contains(": error: route")).toList();
        List<String> expected = badLines.stream().map(n -> file + ":" + n + ": error: route 'r" + n
                + "' has an invalid filter:").toList();
        assertEquals(expected, reported);
    }
}
