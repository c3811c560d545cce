package io.eventroute.cli;

import io.eventroute.cli.internal.DialectConverter;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.LimitsOptions;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code eventroute validate}: compiles filters and prints their diagnostics. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Checks filters and prints their diagnostics.",
        description = {
            "Compiles each FILTER and prints its diagnostics (errors and warnings, each with the filter "
                + "line and a caret under the place it refers to), or 'ok: FILTER' when it has none.",
            "",
            "With --json, prints one JSON object per filter, one per line:",
            "  {\"filter\", \"valid\": true|false, \"diagnostics\": [{\"code\", \"kind\",",
            "    \"severity\", \"line\", \"column\", \"length\", \"message\", \"suggestion\"}]}",
            "",
            "Put -- before a filter that starts with '-'.",
            "",
            "With --routes FILE ('-' = standard input), checks the filters of a route set instead, one result "
                + "per route: JSON Lines of routes as match reads them ({\"id\", \"filter\", \"dialect\"?} per "
                + "line), or a route configuration as route reads it (recognized by a .yaml, .yml or .json name, or "
                + "by not being JSON Lines). Each message starts with FILE:LINE: route 'ID':, and each --json "
                + "object also carries \"id\" and \"line\". A line that is not a route is an error; a "
                + "configuration's own problems are printed as route prints them.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--dialect", paramLabel = "D", converter = DialectConverter.class,
            description = "Filter language: adt (the default) or cesql (CloudEvents SQL v1).")
    private Dialect dialect = Dialect.ADT;

    @Mixin
    private LimitsOptions limits = new LimitsOptions();

    @Option(names = "--json", description = "Print JSON Lines instead of text.")
    private boolean json;

    @Option(names = "--routes", paramLabel = "FILE",
            description = "Check the filters of the routes in FILE instead of FILTERs ('-' = standard input).")
    private String routes;

    // Optional since --routes may stand in for them; shown as before, since one or the other is needed.
    @Parameters(paramLabel = "FILTER...", hideParamSyntax = true, arity = "0..*",
            description = "Filters to check (quote each one).")
    private List<String> filters = List.of();

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((routes == null) == filters.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    routes == null ? "Missing required parameter: 'FILTER' (or --routes FILE)"
                            : "give FILTERs or --routes, not both");
        }
        if (routes != null) {
            boolean ok = new RouteSetCheck(routes, dialect, limits.limits(), json, out).run(main.stdin());
            out.flush();
            return ok ? ExitCodes.OK : ExitCodes.INVALID_FILTER;
        }
        FilterCompiler compiler = FilterCompiler.builder().dialect(dialect).limits(limits.limits()).build();
        boolean anyErrors = false;
        for (String filter : filters) {
            CompileResult result = compiler.compile(filter);
            anyErrors |= result.hasErrors();
            if (json) {
                out.println(Json.write(Json.validation(result, dialect)));
            } else if (result.diagnostics().isEmpty()) {
                out.println("ok: " + oneLine(filter));
            } else {
                out.print(result.render());
                out.print(LimitsOptions.hint(result));
            }
        }
        out.flush();
        return anyErrors ? ExitCodes.INVALID_FILTER : ExitCodes.OK;
    }

    // A filter may span lines; the "ok" line names it on one.
    private static String oneLine(String filter) {
        return filter.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
