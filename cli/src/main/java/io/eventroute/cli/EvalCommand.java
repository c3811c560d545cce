package io.eventroute.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventroute.cli.internal.CaseRunner;
import io.eventroute.cli.internal.DialectConverter;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.LimitsOptions;
import io.eventroute.cli.internal.InputProblem;
import io.eventroute.cli.internal.Inputs;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.UserException;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.EvaluationResult;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.event.InvalidEventException;
import io.eventroute.runtime.event.JsonEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/** {@code eventroute eval}: evaluates a filter against event files, or runs JSON Lines test cases. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Evaluates a filter against event files, or runs JSON Lines test cases.",
        customSynopsis = {
            "eventroute eval [--dialect=D] [--json] --filter=F EVENT.json...",
            "       eventroute eval [--dialect=D] --cases=FILE",
        },
        description = {
            "With --filter: evaluates F against each EVENT.json (a structured-mode CloudEvent; '-' reads "
                + "standard input) and prints one line per event: 'EVENT.json: match', 'EVENT.json: no match', "
                + "or 'EVENT.json: no match (undefined)' when the filter's value is undefined for the event "
                + "(for cesql: 'EVENT.json: no match (value V, error K)' when the value is not false or there is "
                + "an evaluation error). "
                + "An event file that is missing or not a JSON object is reported on standard error and the "
                + "other files are still evaluated. Warnings about the filter go to standard error.",
            "",
            "With --cases: reads JSON Lines ('-' is standard input), one case per line:",
            "  {\"filter\": \"...\", \"event\": {...}}",
            "with optional \"dialect\": \"adt\" or \"cesql\" (default --dialect) and \"limits\": {\"maxLength\": N, "
                + "\"maxDepth\": N, \"maxInItems\": N} (defaults from the --max-* options); other members are "
                + "ignored. It prints exactly one line per case, in order:",
            "  {\"match\": true|false, \"value\": true|false|null}",
            "when the filter compiles (value null means undefined); for cesql filters",
            "  {\"match\": true|false, \"value\": V, \"errors\": [K...]}",
            "with V the expression's boolean, integer or string value and K its evaluation error kinds "
                + "(math, cast, missingAttribute, missingFunction, functionEvaluation, generic); match is true only "
                + "for the value true with no error. When the filter does not compile, its first error:",
            "  {\"error\": {\"code\", \"kind\", \"line\", \"column\", \"message\"}}",
            "A malformed line (bad JSON, no filter, event not an object, unknown dialect) gets an error "
                + "with code E0001 and kind \"input\" whose line is the input line number, and the run goes on. "
                + "Blank lines are skipped: they are not cases and get no output line.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--filter", paramLabel = "F", description = "The filter to evaluate (quote it).")
    private String filter;

    @Option(names = "--cases", paramLabel = "FILE", description = "A JSON Lines file of cases ('-' = standard input).")
    private String cases;

    @Option(names = "--dialect", paramLabel = "D", converter = DialectConverter.class,
            description = "Filter language: adt (the default) or cesql (CloudEvents SQL v1).")
    private Dialect dialect = Dialect.ADT;

    @Option(names = "--json", description = "With --filter: print one JSON object per event, {\"event\", \"match\", "
            + "\"value\"} (and \"errors\" for cesql), as --cases does.")
    private boolean json;

    @Mixin
    private LimitsOptions limits = new LimitsOptions();

    @Parameters(paramLabel = "EVENT.json", arity = "0..*", description = "Event files ('-' = standard input).")
    private List<String> events = new ArrayList<>();

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (cases != null) {
            if (filter != null || !events.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--cases takes no --filter and no event files: each case line has its own");
            }
            return runCases();
        }
        if (filter == null) {
            throw new ParameterException(spec.commandLine(), "give --filter F with event files, or --cases FILE");
        }
        if (events.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one event file to evaluate --filter on");
        }
        return evaluateFiles();
    }

    private int evaluateFiles() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CompileResult result = FilterCompiler.builder().dialect(dialect).limits(limits.limits()).build()
                .compile(filter);
        err.print(result.render());
        err.print(LimitsOptions.hint(result));
        if (result.hasErrors()) {
            return ExitCodes.INVALID_FILTER;
        }
        CompiledFilter compiled = result.orThrow();
        int exit = ExitCodes.OK;
        for (String name : events) {
            try {
                JsonEvent event = JsonEvent.parse(Inputs.readAll(name, main.stdin()));
                out.println(json ? jsonOutcome(compiled, event, name) : name + ": " + outcome(compiled, event));
                out.flush();
            } catch (UserException | InvalidEventException e) {
                out.flush();
                err.println(e instanceof InvalidEventException i ? InputProblem.render(name, 1, "", i)
                        : "eventroute: " + e.getMessage());
                err.flush();
                exit = ExitCodes.USAGE_OR_INPUT;
            }
        }
        return exit;
    }

    /** {@code {"event": NAME, ...}} with the fields of an {@code --cases} result line. */
    private static String jsonOutcome(CompiledFilter compiled, JsonEvent event, String name) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("event", name);
        node.setAll(compiled.dialect() == Dialect.CESQL ? Json.result(compiled.evaluateValue(event))
                : Json.result(compiled.evaluate(event)));
        return Json.write(node);
    }

    /** "match", "no match", or "no match (...)" saying why when the value is not plainly false. */
    private static String outcome(CompiledFilter compiled, JsonEvent event) {
        if (compiled.dialect() != Dialect.CESQL) {
            Boolean value = compiled.evaluate(event);
            return value == null ? "no match (undefined)" : value ? "match" : "no match";
        }
        EvaluationResult r = compiled.evaluateValue(event);
        if (r.matches()) {
            return "match";
        }
        if (r.errors().isEmpty() && Boolean.FALSE.equals(r.value())) {
            return "no match";
        }
        String value = r.value() instanceof String s ? "'" + s + "'" : String.valueOf(r.value());
        return "no match (value " + value + (r.errors().isEmpty() ? "" : ", error " + String.join(", ", r.errors())) + ")";
    }

    private int runCases() {
        if (cases.equals(Inputs.STDIN)) {
            return runCases(main.stdin());
        }
        try (InputStream in = Inputs.open(cases, main.stdin())) {
            return runCases(in);
        } catch (IOException e) {
            throw new UserException(cases + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private int runCases(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            new CaseRunner(dialect, limits.limits()).run(reader, spec.commandLine().getOut());
        } catch (IOException e) {
            throw new UserException(cases + ": cannot read (" + e.getMessage() + ")");
        }
        return ExitCodes.OK;
    }
}
