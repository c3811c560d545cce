package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.ModelsConfig;
import io.eventroute.runtime.EndpointKinds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models:} in the configuration file: files and directories of DTDL interfaces, each problem where it is. */
class ModelsConfigTest {
    private static final String SPACE = "{\"@context\": \"dtmi:dtdl:context;3\", \"@id\": \"dtmi:example:Space;1\", \"@type\": \"Interface\"}";
    private static final String ROOM_AND_LAB = "[{\"@context\": \"dtmi:dtdl:context;3\", \"@id\": \"dtmi:example:Room;1\", "
            + "\"@type\": \"Interface\", \"extends\": \"dtmi:example:Space;1\"}, {\"@context\": \"dtmi:dtdl:context;3\", "
            + "\"@id\": \"dtmi:example:Lab;1\", \"@type\": \"Interface\", \"extends\": [\"dtmi:example:Room;1\"]}]";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static ConfigLoader.Result load(String yaml) {
        return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), false, name -> null, EndpointKinds.defaults());
    }

    private static String problems(ConfigLoader.Result r) {
        return r.problems().stream().map(p -> p.render("f")).collect(Collectors.joining());
    }

    private String config(String models, String filter) {
        return "models: " + models + "\nendpoints:\n  - {name: out, kind: file, path: " + dir.resolve("out.jsonl") + "}\n"
                + "routes:\n  - {id: spaces, endpoint: out, filter: \"" + filter + "\"}\n";
    }

    @Test
    void filesAndDirectoriesMakeOneSet() throws IOException {
        write("models/a-space.json", SPACE);
        write("models/b-rooms.json", ROOM_AND_LAB);
        write("models/readme.txt", "not a model");
        ConfigLoader.Result r = load(config("[" + dir.resolve("models") + "]", "IS_OF_MODEL('dtmi:example:Space')"));
        assertEquals("", problems(r));
        ModelsConfig models = r.config().models();
        assertEquals(3, models.documents().size());
        assertTrue(models.set().isOf("dtmi:example:Lab;1", "dtmi:example:Space"));
        assertTrue(models.documents().get(2).contains("dtmi:example:Lab;1"));
    }

    @Test
    void aFilterNamingAnUnknownModelIsWarnedAbout() throws IOException {
        Path space = write("space.json", SPACE);
        ConfigLoader.Result r = load(config("[" + space + "]", "IS_OF_MODEL('dtmi:example:Spcae')"));
        assertTrue(problems(r).contains("W5006") && problems(r).contains("dtmi:example:Space"), problems(r));
        assertTrue(r.problems().stream().noneMatch(ConfigProblem::error), problems(r));
    }

    @Test
    void everyBadFileOrDocumentIsAnErrorNamingIt() throws IOException {
        Path notJson = write("bad/not.json", "{\"@id\": ");
        Path noId = write("bad/noid.json", "{\"@context\": \"dtmi:dtdl:context;3\", \"@type\": \"Interface\"}");
        Path unknown = write("bad/unknown.json", "[" + SPACE + ", {\"@context\": \"dtmi:dtdl:context;3\", "
                + "\"@id\": \"dtmi:example:Room;1\", \"@type\": \"Interface\", \"extends\": \"dtmi:example:Nowhere;1\"}]");
        ConfigLoader.Result r = load(config("[" + notJson + ", " + noId + ", " + unknown + ", " + dir.resolve("missing.json") + "]",
                "true"));
        assertNull(r.config());
        String all = problems(r);
        assertTrue(all.contains(notJson + " is not JSON"), all);
        assertTrue(all.contains(noId + ": no @id"), all);
        assertTrue(all.contains(unknown + "[1]: model dtmi:example:Room;1 extends dtmi:example:Nowhere;1"), all);
        assertTrue(all.contains("no such file or directory " + dir.resolve("missing.json")), all);
        assertEquals(4, r.errorCount(), all);
        assertTrue(problems(load("models: 5\nendpoints: []\nroutes: []\n")).contains("'models'"));
    }

    @Test
    void routeDeliversEveryKindOfSpace() throws Exception {
        Path models = write("m.json", "[" + SPACE + "," + ROOM_AND_LAB.substring(1));
        Path config = write("routes.yaml", config("[" + models + "]", "IS_OF_MODEL('dtmi:example:Space')"));
        String lab = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"Microsoft.DigitalTwins.Twin.Create\","
                + "\"data\":{\"$metadata\":{\"$model\":\"dtmi:example:Lab;1\"}}}";
        String other = lab.replace("Lab;1", "Car;1").replace("\"id\":\"1\"", "\"id\":\"2\"");
        Cli.Result r = Cli.runWithInput(lab + "\n" + other + "\n", "route", "--config", config.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        List<String> delivered = Files.readAllLines(dir.resolve("out.jsonl"));
        assertEquals(1, delivered.size(), delivered.toString());
        assertTrue(delivered.get(0).contains("Lab;1"));
    }

    @Test
    void twinsSeedTheMapThatRelationshipEventsAreRoutedBy() throws Exception {
        Path models = write("m.json", "[" + SPACE + "," + ROOM_AND_LAB.substring(1));
        Path seed = write("twins.json", "{\"lab-1\": \"dtmi:example:Lab;1\"}");
        Path config = write("routes.yaml", config("[" + models + "]\ntwins: {capacity: 10, seed: " + seed + "}",
                "IS_OF_MODEL('dtmi:example:Room')"));
        String rel = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"Microsoft.DigitalTwins.Relationship.Create\","
                + "\"subject\":\"lab-1/relationships/r\",\"data\":{\"$sourceId\":\"lab-1\",\"$relationshipId\":\"r\"}}";
        Cli.Result r = Cli.runWithInput(rel + "\n" + rel.replace("lab-1", "car-1") + "\n", "route", "--config", config.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertEquals(1, Files.readAllLines(dir.resolve("out.jsonl")).size(), "the seeded twin only");

        String bad = problems(load(config("[" + models + "]\ntwins: {capacity: 0, seed: " + dir.resolve("none.json")
                + ", size: 3}", "true")));
        assertTrue(bad.contains("'twins.capacity' must be a positive whole number"), bad);
        assertTrue(bad.contains("'twins.seed': cannot read the twin models file"), bad);
        assertTrue(bad.contains("'twins': unknown key"), bad);
    }
}
