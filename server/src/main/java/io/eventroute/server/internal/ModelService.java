package io.eventroute.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.compiler.ModelDocuments;
import io.eventroute.compiler.ModelSet;
import io.eventroute.runtime.ModelStore;
import io.eventroute.runtime.ModelStore.StoredModel;
import io.eventroute.runtime.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The DTDL models of a running server: the router's model set, the durable store and the ordered map
 * that paging reads. Writes are serialised so that the three never disagree; reads take no lock.
 */
public final class ModelService {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Router router;
    private final ModelStore store;   // null: the route store keeps no models
    private final String noStoreReason;
    /** Every stored model by id, with its parsed document; paging walks it in id order. */
    private final ConcurrentSkipListMap<String, Entry> models = new ConcurrentSkipListMap<>();
    private final Object writes = new Object();

    /**
     * A stored model, its document parsed once, and the ids of the inline interfaces with an {@code @id}
     * that it defines: models of the set too, but parts of this document, not models of the API.
     */
    record Entry(StoredModel stored, JsonNode document, List<String> inline) {
    }

    /**
     * @param store where models are kept, or null when the route store keeps none: then every models
     *     operation answers that, naming {@code noStoreReason}
     */
    public ModelService(Router router, ModelStore store, String noStoreReason) {
        this.router = router;
        this.store = store;
        this.noStoreReason = noStoreReason;
    }

    /**
     * Loads the stored models into the router, then adds those of {@code fileDocuments} (the
     * configuration file's: each an interface as JSON text) that are not stored yet.
     *
     * @return one line per file model whose id is stored with another document (the stored one is kept:
     *     models are not replaced, as in ADT)
     * @throws IllegalArgumentException when the stored or file models are not a valid set, naming what
     *     is wrong; or when there are file models and no model store
     */
    public List<String> start(List<String> fileDocuments) {
        synchronized (writes) {
            if (store == null) {
                if (!fileDocuments.isEmpty()) {
                    throw new IllegalArgumentException("the configuration has models, but " + noStoreReason);
                }
                return List.of();
            }
            List<String> problems = new ArrayList<>();
            List<StoredModel> stored = store.loadModels();
            List<Object> docs = new ArrayList<>();
            for (StoredModel m : stored) {
                docs.add(parse(m.document(), "stored model " + m.id()));
            }
            ModelDocuments.Result read = ModelDocuments.read(docs, ModelSet.empty());
            if (!read.ok()) {
                throw new IllegalArgumentException("the stored models are not a valid set: " + read.problems());
            }
            ModelSet set = read.applyTo(ModelSet.empty());
            for (int i = 0; i < stored.size(); i++) {
                models.put(stored.get(i).id(), new Entry(stored.get(i), MAPPER.valueToTree(docs.get(i)), inlineIds(read, i)));
            }
            List<Object> fresh = new ArrayList<>();
            for (int i = 0; i < fileDocuments.size(); i++) {
                Object doc = parse(fileDocuments.get(i), "model " + i + " of the configuration");
                Object id = doc instanceof Map<?, ?> m ? m.get("@id") : null;
                if (!(id instanceof String s && set.contains(s))) {
                    fresh.add(doc);
                } else if (models.containsKey(s) && !models.get(s).document().equals(MAPPER.valueToTree(doc))) {
                    problems.add("model '" + s + "' of the configuration differs from the stored one, which is kept"
                            + " (delete it through the API to replace it)");
                }
            }
            router.models(set);
            if (!fresh.isEmpty()) {
                ModelDocuments.Result file = ModelDocuments.read(fresh, set);
                if (!file.ok()) {
                    throw new IllegalArgumentException("the models of the configuration: " + file.problems());
                }
                commit(file, fresh, Instant.now());
            }
            return problems;
        }
    }

    private static Object parse(String text, String what) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Adds the models of {@code body} (a JSON array of DTDL interfaces), all or none; their metadata. */
    ArrayNode add(JsonNode body) throws ApiError {
        requireStore();
        if (!body.isArray() || body.isEmpty()) {
            throw ApiError.badRequest("InvalidArgument", "The body must be a non-empty JSON array of DTDL interfaces.");
        }
        List<Object> docs = new ArrayList<>();
        for (JsonNode d : body) {
            docs.add(MAPPER.convertValue(d, Object.class));
        }
        synchronized (writes) {
            ModelSet current = router.models();
            ModelDocuments.Result read = ModelDocuments.read(docs, current);
            if (!read.ok()) {
                throw rejected(read.problems());
            }
            List<Entry> added = commit(read, docs, Instant.now());
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            added.forEach(e -> out.add(json(e, false)));
            return out;
        }
    }

    /** Stores the models of a checked batch, then gives them to the router. Called with the lock held. */
    private List<Entry> commit(ModelDocuments.Result read, List<Object> docs, Instant now) {
        List<Entry> added = new ArrayList<>();
        List<String> ids = read.ids();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode doc = MAPPER.valueToTree(docs.get(i));
            added.add(new Entry(new StoredModel(ids.get(i), doc.toString(), now), doc, inlineIds(read, i)));
        }
        ModelSet next = read.applyTo(router.models());
        store.addModels(added.stream().map(Entry::stored).toList());
        router.models(next);
        added.forEach(e -> models.put(e.stored().id(), e));
        return added;
    }

    /** The ids of the inline interfaces (with an {@code @id}) of document {@code document}. */
    private static List<String> inlineIds(ModelDocuments.Result read, int document) {
        List<String> out = new ArrayList<>();
        for (ModelDocuments.Model m : read.models()) {
            if (m.document() == document) {
                out.add(m.id());
            }
        }
        return out.subList(1, out.size());
    }

    private static ApiError rejected(List<ModelDocuments.Problem> problems) {
        boolean invalid = problems.stream().anyMatch(p -> p.kind() == ModelDocuments.Kind.INVALID);
        String code = invalid ? "DTDLParserError" : "ModelAlreadyExists";
        ArrayNode details = JsonNodeFactory.instance.arrayNode();
        for (ModelDocuments.Problem p : problems) {
            ObjectNode item = details.addObject();
            item.put("code", p.kind() == ModelDocuments.Kind.INVALID ? "DTDLParserError" : "ModelAlreadyExists");
            item.put("message", p.toString());
            item.put("target", "models[" + p.document() + "]");
        }
        String first = problems.get(0).toString();
        String message = (invalid ? "The models provided are not valid DTDL: " : "The model provided already exists: ")
                + first + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more in details)" : "") + ".";
        return new ApiError(invalid ? 400 : 409, code, message, details, Map.of());
    }

    /** The model {@code id}, with its document when {@code definition}. */
    ObjectNode get(String id, boolean definition) throws ApiError {
        requireStore();
        Entry e = models.get(checkedId(id));
        if (e == null) {
            throw notFound(id);
        }
        return json(e, definition);
    }

    /**
     * The ids to list: all (null) or, for {@code dependenciesFor}, those models and every model they
     * extend, directly or not.
     */
    Set<String> dependencies(List<String> dependenciesFor) throws ApiError {
        requireStore();
        if (dependenciesFor.isEmpty()) {
            return null;
        }
        ModelSet set = router.models();
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String id : dependenciesFor) {
            if (!set.contains(checkedId(id))) {
                throw notFound(id);
            }
            todo.add(id);
        }
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (out.add(id)) {
                todo.addAll(set.bases(id));
            }
        }
        return out;
    }

    /** Up to {@code size} models after id {@code after} (null: from the first), among {@code only} (null: all). */
    List<ObjectNode> page(String after, int size, Set<String> only, boolean definition) {
        NavigableMap<String, Entry> rest = after == null ? models : models.tailMap(after, false);
        List<ObjectNode> page = new ArrayList<>();
        for (Entry e : rest.values()) {
            if (page.size() == size) {
                break;
            }
            if (only == null || only.contains(e.stored().id())) {
                page.add(json(e, definition));
            }
        }
        return page;
    }

    /** True when a model listed by {@code only} (null: any) has an id after {@code id}. */
    boolean hasAfter(String id, Set<String> only) {
        for (String k : models.tailMap(id, false).keySet()) {
            if (only == null || only.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** Deletes model {@code id}, unless other models extend it. */
    void delete(String id) throws ApiError {
        requireStore();
        synchronized (writes) {
            Entry e = models.get(checkedId(id));
            if (e == null) {
                throw notFound(id);
            }
            // The model goes with the inline interfaces it defines: nothing else may extend any of them.
            List<String> going = new ArrayList<>(e.inline());
            going.add(0, id);
            ModelSet set = router.models();
            Set<String> users = new LinkedHashSet<>();
            for (String g : going) {
                users.addAll(set.extending(g));
            }
            users.removeAll(going);
            if (!users.isEmpty()) {
                throw new ApiError(409, "ModelReferencesNotDeleted", "The model '" + id + "' is extended by models "
                        + "that are not deleted: " + String.join(", ", users) + ".");
            }
            // Each inline interface is extended by the model or by another of them: remove the unextended first.
            List<String> left = new ArrayList<>(going);
            while (!left.isEmpty()) {
                for (java.util.Iterator<String> it = left.iterator(); it.hasNext();) {
                    String g = it.next();
                    if (set.extending(g).isEmpty()) {
                        set = set.without(g);
                        it.remove();
                    }
                }
            }
            store.removeModel(id);
            router.models(set);
            models.remove(id);
        }
    }

    /** The number of stored models. */
    public int size() {
        return models.size();
    }

    private void requireStore() throws ApiError {
        if (store == null) {
            throw new ApiError(501, "ModelsNotSupported", "This server keeps no models: " + noStoreReason + ".");
        }
    }

    private static String checkedId(String id) throws ApiError {
        if (!ModelDocuments.isDtmi(id)) {
            throw ApiError.badRequest("InvalidArgument", "The model id '" + id + "' is not a DTMI "
                    + "(dtmi:segment:segment;version, e.g. dtmi:example:Room;1).");
        }
        return id;
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "ModelNotFound", "There is no model with id '" + id + "'.");
    }

    /** ADT's DigitalTwinsModelData: id, displayName and description as language maps, uploadTime, decommissioned, model. */
    private static ObjectNode json(Entry e, boolean definition) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", e.stored().id());
        languageMap(node, "displayName", e.document().get("displayName"));
        languageMap(node, "description", e.document().get("description"));
        node.put("uploadTime", e.stored().uploadTime().toString());
        node.put("decommissioned", false);
        if (definition) {
            node.set("model", e.document());
        }
        return node;
    }

    /** A DTDL string is the language map {"en": string}; a map is kept. */
    private static void languageMap(ObjectNode node, String name, JsonNode value) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            node.putObject(name).put("en", value.textValue());
        } else if (value.isObject()) {
            node.set(name, value);
        }
    }
}
