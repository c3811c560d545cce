package io.eventroute.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.cli.config.ConfigLoader;
import io.eventroute.cli.config.ConfigProblem;
import io.eventroute.cli.config.RouteConfig;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.RouteFile;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Diagnostic;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.Limits;
import io.eventroute.runtime.EndpointKinds;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code validate --routes FILE}: the filters of a route set, one result per route, each naming the
 * route's id and the line it came from. The routes come from the reader {@code match} uses (JSON Lines)
 * or from the loader {@code route} uses (a route configuration). Used once by one thread.
 */
final class RouteSetCheck {
    private final String name;
    private final Dialect defaultDialect;
    private final RouteFile.Compilers compilers;
    private final boolean json;
    private final PrintWriter out;
    private boolean errors;

    RouteSetCheck(String name, Dialect defaultDialect, Limits limits, boolean json, PrintWriter out) {
        this.name = name;
        this.defaultDialect = defaultDialect;
        this.compilers = new RouteFile.Compilers(limits);
        this.json = json;
        this.out = out;
    }

    /** Checks every route; true when none has errors. */
    boolean run(InputStream stdin) {
        byte[] content = Inputs.readAll(name, stdin);
        String lower = name.toLowerCase(Locale.ROOT);
        String first = firstLine(content);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json")
                || !first.startsWith("{") || first.equals("{")) {
            configuration(content, lower.endsWith(".json") || first.startsWith("{"));
        } else {
            for (RouteFile.Line line : RouteFile.read(name, new ByteArrayInputStream(content), defaultDialect)) {
                if (line.problem() != null) {
                    notARoute(line);
                } else {
                    route(line.number(), line.id(), line.dialect(), compilers.compile(line.dialect(), line.filter()));
                }
            }
        }
        return !errors;
    }

    private void configuration(byte[] content, boolean isJson) {
        ConfigLoader.Result loaded = ConfigLoader.parse(content, isJson, System::getenv, EndpointKinds.defaults());
        for (ConfigProblem p : loaded.problems()) {
            // The loader reports a filter's diagnostics with the rendered diagnostic as detail; once the
            // configuration loads, they are printed per route below instead.
            if (loaded.hasErrors() || p.detail().isEmpty()) {
                problem(p);
            }
        }
        errors |= loaded.hasErrors();
        if (!loaded.hasErrors()) {
            for (RouteConfig.RouteEntry e : loaded.config().routes()) {
                route(e.line(), e.route().id(), e.route().dialect(),
                        compilers.compile(e.route().dialect(), e.route().filter()));
            }
        }
    }

    private void route(int line, String id, Dialect dialect, CompileResult result) {
        errors |= result.hasErrors();
        if (json) {
            ObjectNode node = located(line, id);
            node.setAll(Json.validation(result, dialect));
            out.println(Json.write(node));
        } else if (result.diagnostics().isEmpty()) {
            out.println(where(line, id) + "ok");
        } else {
            for (Diagnostic d : result.diagnostics()) {
                out.print(where(line, id) + d.render());
            }
        }
    }

    private void notARoute(RouteFile.Line line) {
        errors = true;
        if (json) {
            ObjectNode node = located(line.number(), line.id());
            node.put("valid", false);
            node.setAll(Json.error("E0001", "input", line.number(), 0, line.problem()));
            out.println(Json.write(node));
        } else {
            out.println(where(line.number(), line.id()) + "error: " + line.problem());
        }
    }

    private void problem(ConfigProblem p) {
        if (json) {
            ObjectNode node = located(p.line(), null);
            node.put("severity", p.error() ? "error" : "warning");
            node.put("message", p.message());
            if (!p.detail().isEmpty()) {
                node.put("detail", p.detail());
            }
            out.println(Json.write(node));
        } else {
            out.print(p.render(name));
        }
    }

    private ObjectNode located(int line, String id) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", id);
        node.put("line", line);
        return node;
    }

    private String where(int line, String id) {
        return name + ":" + line + ": " + (id == null ? "" : "route '" + id + "': ");
    }

    private static String firstLine(byte[] content) {
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}
