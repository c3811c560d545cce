package io.eventroute.cli.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded generator of realistic Azure Digital Twins workloads: tenants (one ADT instance each) with
 * floors, rooms and thermostats of the tenant's own models; events in the proportions of the ADT event
 * mix (mostly telemetry and twin updates, some relationship and life-cycle events); and routes of the
 * shapes users write (type + subject, type + dataschema + threshold, subject prefix, relationship name,
 * model id, whole instance), about a hundred per tenant so that an event matches about ten routes
 * whatever the number of routes. The same seed gives the same workload. Not thread-safe.
 */
public final class Workload {
    private static final String[] MODELS = {"Room", "Floor", "Thermostat", "Sensor"};
    private static final String[] RELATIONSHIPS = {"contains", "feeds", "serves", "locatedIn"};
    static final int ROUTES_PER_TENANT = 100;
    private static final int FLOORS = 5;
    private static final int ROOMS_PER_FLOOR = 8;
    private static final int THERMOSTATS = 10;

    private final Random random;
    private final int tenants;

    /** A workload for about {@code routes} routes (one tenant per hundred routes). */
    public Workload(long seed, int routes) {
        this.random = new Random(seed);
        this.tenants = Math.max(1, (routes + ROUTES_PER_TENANT - 1) / ROUTES_PER_TENANT);
    }

    public int tenants() {
        return tenants;
    }

    /** A generated route: an id, its filter and the same condition as an event-ruler rule (JSON), or null. */
    public record Route(String id, String filter, String rulerRule) {
    }

    /** {@code count} routes spread evenly over the tenants. */
    public List<Route> routes(int count) {
        List<Route> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(route("route-" + i, i % tenants));
        }
        return out;
    }

    /** {@code count} events as structured-mode JSON, one per string. */
    public List<String> events(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(i));
        }
        return out;
    }

    private static String host(int tenant) {
        return "t" + tenant + ".api.wus2.digitaltwins.azure.net";
    }

    private static String model(int tenant, String kind) {
        return "dtmi:contoso:t" + tenant + ":" + kind + ";1";
    }

    private String room(int tenant, int floor) {
        return "room-" + tenant + "-" + floor + "-" + random.nextInt(ROOMS_PER_FLOOR);
    }

    private String thermostat(int tenant) {
        return "thermostat-" + tenant + "-" + random.nextInt(THERMOSTATS);
    }

    private Route route(String id, int tenant) {
        int shape = random.nextInt(100);
        if (shape < 30) {
            String twin = random.nextBoolean() ? room(tenant, random.nextInt(FLOORS)) : thermostat(tenant);
            return new Route(id, "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = '" + twin + "'",
                    "{\"type\":[\"Microsoft.DigitalTwins.Twin.Update\"],\"subject\":[\"" + twin + "\"]}");
        }
        if (shape < 60) {
            boolean thermostat = random.nextBoolean();
            String model = model(tenant, thermostat ? "Thermostat" : "Sensor");
            String property = thermostat ? "Temperature" : "Humidity";
            int threshold = thermostat ? 15 + random.nextInt(15) : 30 + random.nextInt(40);
            return new Route(id, "type = 'microsoft.iot.telemetry' AND dataschema = '" + model + "' AND $body."
                    + property + " > " + threshold,
                    "{\"type\":[\"microsoft.iot.telemetry\"],\"dataschema\":[\"" + model + "\"],\"data\":{\"" + property
                            + "\":[{\"numeric\":[\">\"," + threshold + "]}]}}");
        }
        if (shape < 75) {
            String prefix = "room-" + tenant + "-" + random.nextInt(FLOORS) + "-";
            return new Route(id, "source = '" + host(tenant) + "' AND STARTS_WITH(subject, '" + prefix + "')",
                    "{\"source\":[\"" + host(tenant) + "\"],\"subject\":[{\"prefix\":\"" + prefix + "\"}]}");
        }
        if (shape < 85) {
            String name = RELATIONSHIPS[random.nextInt(RELATIONSHIPS.length)];
            return new Route(id, "type = 'Microsoft.DigitalTwins.Relationship.Create' AND source = '" + host(tenant)
                    + "' AND $body.$relationshipName = '" + name + "'",
                    "{\"type\":[\"Microsoft.DigitalTwins.Relationship.Create\"],\"source\":[\"" + host(tenant)
                            + "\"],\"data\":{\"$relationshipName\":[\"" + name + "\"]}}");
        }
        if (shape < 99) {
            String model = model(tenant, MODELS[random.nextInt(MODELS.length)]);
            // event-ruler cannot derive $model: the same condition is the three places ADT keeps it.
            return new Route(id, "$model = '" + model + "'",
                    "{\"$or\":[{\"type\":[\"microsoft.iot.telemetry\"],\"dataschema\":[\"" + model + "\"]},"
                            + "{\"type\":[\"Microsoft.DigitalTwins.Twin.Create\",\"Microsoft.DigitalTwins.Twin.Delete\"],"
                            + "\"data\":{\"$metadata\":{\"$model\":[\"" + model + "\"]}}},"
                            + "{\"type\":[\"Microsoft.DigitalTwins.Twin.Update\",\"Microsoft.DigitalTwins.Relationship.Update\"],"
                            + "\"data\":{\"modelId\":[\"" + model + "\"]}}]}");
        }
        return new Route(id, "source = '" + host(tenant) + "'", "{\"source\":[\"" + host(tenant) + "\"]}");
    }

    private String event(int n) {
        int tenant = random.nextInt(tenants);
        String host = host(tenant);
        String id = String.format(Locale.ROOT, "%08x-%04x-4%03x-8%03x-%012x", random.nextInt(), n & 0xFFFF,
                random.nextInt(0x1000), random.nextInt(0x1000), (long) n);
        String time = String.format(Locale.ROOT, "2026-11-26T%02d:%02d:%02d.%07dZ", (n / 3600) % 24, (n / 60) % 60, n % 60,
                random.nextInt(10_000_000));
        int kind = random.nextInt(100);
        StringBuilder b = new StringBuilder(400);
        if (kind < 55) {
            boolean thermostat = random.nextInt(3) > 0;
            String twin = thermostat ? thermostat(tenant) : "sensor-" + tenant + "-" + random.nextInt(THERMOSTATS);
            String model = model(tenant, thermostat ? "Thermostat" : "Sensor");
            envelope(b, id, "microsoft.iot.telemetry", host + "/digitaltwins/" + twin, null);
            if (random.nextBoolean()) {
                b.append(",\"subject\":\"component1\"");
            }
            b.append(",\"dataschema\":\"").append(model).append('"');
            b.append(",\"traceparent\":\"00-").append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append("-").append(Long.toHexString(random.nextLong())).append("-01\"");
            b.append(",\"data\":{");
            if (thermostat) {
                b.append("\"Temperature\":").append(10 + random.nextInt(25));
            } else {
                b.append("\"Humidity\":").append(String.format(Locale.ROOT, "%.1f", 20 + random.nextDouble() * 70));
            }
            b.append("}}");
        } else if (kind < 85) {
            boolean room = random.nextBoolean();
            String twin = room ? room(tenant, random.nextInt(FLOORS)) : thermostat(tenant);
            envelope(b, id, "Microsoft.DigitalTwins.Twin.Update", host, twin);
            b.append(",\"time\":\"").append(time).append('"');
            b.append(",\"data\":{\"modelId\":\"").append(model(tenant, room ? "Room" : "Thermostat")).append("\",\"patch\":[");
            b.append("{\"value\":").append(15 + random.nextInt(15)).append(".").append(random.nextInt(10))
                    .append(",\"path\":\"/temperature\",\"op\":\"replace\"}");
            if (random.nextInt(3) == 0) {
                b.append(",{\"value\":").append(random.nextBoolean()).append(",\"path\":\"/occupied\",\"op\":\"replace\"}");
            }
            b.append("]}}");
        } else if (kind < 93) {
            String[] types = {"Microsoft.DigitalTwins.Relationship.Create", "Microsoft.DigitalTwins.Relationship.Update",
                "Microsoft.DigitalTwins.Relationship.Delete"};
            String type = types[kind < 88 ? 0 : kind < 91 ? 1 : 2];
            int floor = random.nextInt(FLOORS);
            String target = room(tenant, floor);
            String name = RELATIONSHIPS[random.nextInt(RELATIONSHIPS.length)];
            String source = "floor-" + tenant + "-" + floor;
            String relId = source + "_" + name + "_" + target;
            envelope(b, id, type, host, source + "/relationships/" + relId);
            b.append(",\"time\":\"").append(time).append('"');
            if (type.endsWith("Update")) {
                b.append(",\"data\":{\"modelId\":\"").append(model(tenant, "Floor"))
                        .append("\",\"patch\":[{\"value\":\"user").append(random.nextInt(9)).append("\",\"path\":\"/ownershipUser\",\"op\":\"replace\"}]}}");
            } else {
                b.append(",\"data\":{\"$relationshipId\":\"").append(relId).append("\",\"$etag\":\"W/\\\"")
                        .append(Integer.toHexString(random.nextInt())).append("\\\"\",\"$sourceId\":\"").append(source)
                        .append("\",\"$relationshipName\":\"").append(name).append("\",\"$targetId\":\"").append(target)
                        .append("\",\"ownershipUser\":\"user").append(random.nextInt(9)).append("\"}}");
            }
        } else {
            String type = kind < 97 ? "Microsoft.DigitalTwins.Twin.Create" : "Microsoft.DigitalTwins.Twin.Delete";
            int floor = random.nextInt(FLOORS);
            String twin = room(tenant, floor);
            envelope(b, id, type, host, twin);
            b.append(",\"time\":\"").append(time).append('"');
            b.append(",\"data\":{\"$dtId\":\"").append(twin).append("\",\"$etag\":\"W/\\\"").append(Integer.toHexString(random.nextInt()))
                    .append("\\\"\",\"temperature\":").append(15 + random.nextInt(15)).append(".5,\"$metadata\":{\"$model\":\"")
                    .append(model(tenant, "Room")).append("\",\"temperature\":{\"lastUpdateTime\":\"").append(time).append("\"}}}}");
        }
        return b.toString();
    }

    private static void envelope(StringBuilder b, String id, String type, String source, String subject) {
        b.append("{\"specversion\":\"1.0\",\"id\":\"").append(id).append("\",\"type\":\"").append(type)
                .append("\",\"source\":\"").append(source).append('"');
        if (subject != null) {
            b.append(",\"subject\":\"").append(subject).append('"');
        }
        b.append(",\"datacontenttype\":\"application/json\"");
    }
}
