package io.eventroute.cli;

import io.eventroute.cli.internal.DialectConverter;
import io.eventroute.cli.internal.ExitCodes;
import io.eventroute.cli.internal.Json;
import io.eventroute.cli.internal.LimitsOptions;
import io.eventroute.compiler.CompileResult;
import io.eventroute.compiler.CompiledFilter;
import io.eventroute.compiler.DataPointer;
import io.eventroute.compiler.Dialect;
import io.eventroute.compiler.FilterCompiler;
import io.eventroute.runtime.ValidationJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventroute explain}: shows how a filter was understood and what it reads. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Shows how a filter is understood: normalized form, plan, what it reads.",
        description = {
            "Compiles FILTER and prints how it was understood: the normalized filter, the plan evaluated "
                + "per event (after constant folding), the attributes and data paths it reads, and its "
                + "diagnostics. A filter with errors prints its diagnostics instead.",
            "",
        },
        exitCodeListHeading = "%nExit codes:%n")
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--dialect", paramLabel = "D", converter = DialectConverter.class,
            description = "Filter language: adt (the default) or cesql (CloudEvents SQL v1).")
    private Dialect dialect = Dialect.ADT;

    @Mixin
    private LimitsOptions limits = new LimitsOptions();

    @Option(names = "--json", description = "Print one JSON object: validate --json's {filter, valid, diagnostics} "
            + "plus normalized, plan, attributes and dataPaths when the filter compiles.")
    private boolean json;

    @Parameters(paramLabel = "FILTER", description = "The filter (quote it).")
    private String filter;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CompileResult result = FilterCompiler.builder().dialect(dialect).limits(limits.limits()).build()
                .compile(filter);
        if (json) {
            // validate --json's object, plus what explain shows when the filter compiles.
            out.println(Json.write(ValidationJson.explain(result, dialect)));
            out.flush();
            return result.hasErrors() ? ExitCodes.INVALID_FILTER : ExitCodes.OK;
        }
        if (result.hasErrors()) {
            out.print(result.render());
            out.print(LimitsOptions.hint(result));
            out.flush();
            return ExitCodes.INVALID_FILTER;
        }
        CompiledFilter compiled = result.orThrow();
        out.println("normalized:  " + compiled.normalized());
        out.println("plan:        " + compiled.plan());
        out.println("attributes:  " + list(compiled.attributes().stream().sorted().collect(Collectors.toList())));
        out.println("data paths:  " + list(compiled.dataPointers().stream()
                .map(DataPointer::toString).sorted().collect(Collectors.toList())));
        if (result.diagnostics().isEmpty()) {
            out.println("diagnostics: none");
        } else {
            out.println("diagnostics:");
            out.print(result.render());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items);
    }
}
