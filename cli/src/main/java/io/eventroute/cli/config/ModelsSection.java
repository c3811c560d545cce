package io.eventroute.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventroute.compiler.ModelDocuments;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.TwinModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code models:} section of the configuration file: a list of files and directories of DTDL
 * interfaces ({@code *.json}, each an interface or an array of them), read and checked as one set;
 * each problem names the file (and its index in an array) and what is wrong. Also {@code twins:}, the
 * twin -> model map ({@code capacity}, and {@code seed}: a JSON object of twin id to model id).
 * Stateless.
 */
final class ModelsSection {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ModelsSection() {
    }

    /** The models of {@code node} (the value of {@code models:}); problems go to {@code loader}. */
    static ModelsConfig read(ConfigValues loader, Node node) {
        Node.ListNode list = loader.list(node, "'models'");
        if (list == null) {
            return ModelsConfig.NONE;
        }
        List<Object> documents = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<Node> at = new ArrayList<>();
        for (Node item : list.items()) {
            String p = loader.string(item, "an entry of 'models'");
            Path path = p == null ? null : loader.path(item, p, "'models' entry");
            if (path == null) {
                continue;
            }
            for (Path file : files(loader, item, path)) {
                String text;
                Object parsed;
                try {
                    text = Files.readString(file);
                    parsed = MAPPER.readValue(text, Object.class);
                } catch (JsonProcessingException e) {
                    loader.error(item, "'models': " + file + " is not JSON (" + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr()) + ")");
                    continue;
                } catch (IOException e) {
                    loader.error(item, "'models': cannot read " + file + " (" + e.getMessage() + ")");
                    continue;
                }
                List<?> items = parsed instanceof List<?> l ? l : List.of(parsed);
                for (int i = 0; i < items.size(); i++) {
                    documents.add(items.get(i));
                    texts.add(parsed instanceof List<?> ? write(items.get(i)) : text);
                    where.add(file + (parsed instanceof List<?> ? "[" + i + "]" : ""));
                    at.add(item);
                }
            }
        }
        ModelDocuments.Result read = ModelDocuments.read(documents, ModelSet.empty());
        for (ModelDocuments.Problem problem : read.problems()) {
            loader.error(at.get(problem.document()), "'models': " + where.get(problem.document()) + ": " + problem.message());
        }
        return read.ok() ? new ModelsConfig(texts, read.applyTo(ModelSet.empty())) : ModelsConfig.NONE;
    }

    /** {@code twins:} on top of {@code models}: the twin -> model map's capacity and seed file. */
    static ModelsConfig twins(ConfigValues loader, Node node, ModelsConfig models) {
        if (!(node instanceof Node.MapNode map)) {
            loader.error(node, "'twins' must be a mapping such as {capacity: 100000, seed: twins.json}, not " + node.describe());
            return models;
        }
        loader.unknownKeys(map, java.util.Set.of("capacity", "seed"), "'twins': unknown key");
        int capacity = TwinModels.DEFAULT_CAPACITY;
        if (map.get("capacity") != null) {
            String v = loader.scalarText(map.get("capacity"), "'twins.capacity'");
            capacity = v == null ? capacity : loader.positiveInt(map.get("capacity"), v, "'twins.capacity'");
        }
        Map<String, String> seeded = Map.of();
        if (map.get("seed") != null) {
            String p = loader.string(map.get("seed"), "'twins.seed'");
            Path seed = p == null ? null : loader.path(map.get("seed"), p, "'twins.seed'");
            if (seed != null) {
                try {
                    seeded = TwinModels.seeded(capacity, seed).toMap();
                } catch (IllegalArgumentException e) {
                    loader.error(map.get("seed"), "'twins.seed': " + e.getMessage());
                }
            }
        }
        return new ModelsConfig(models.documents(), models.set(), capacity, seeded);
    }

    /** The file itself, or a directory's {@code *.json} files in name order. */
    private static List<Path> files(ConfigValues loader, Node at, Path path) {
        if (!Files.isDirectory(path)) {
            if (!Files.exists(path)) {
                loader.error(at, "'models': no such file or directory " + path);
                return List.of();
            }
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> files = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                loader.warning(at, "'models': " + path + " holds no *.json file");
            }
            return files;
        } catch (IOException e) {
            loader.error(at, "'models': cannot list " + path + " (" + e.getMessage() + ")");
            return List.of();
        }
    }

    private static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed document is writable", e);
        }
    }
}
