package io.eventroute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, which nothing else enforces (the modules have no {@code module-info.java}:
 * their dependencies are mostly automatic modules): a module's {@code internal} packages are its own,
 * only the parser package touches ANTLR, and no public type of an API package shows an internal type
 * in its signatures. Reads the sources of every module next to this one, and loads the API classes.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    // Module directory -> the package every one of its classes is in.
    private static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("compiler", "io.eventroute.compiler");
        MODULES.put("runtime", "io.eventroute.runtime");
        MODULES.put("runtime-kafka", "io.eventroute.kafka");
        MODULES.put("cli", "io.eventroute.cli");
        MODULES.put("benchmarks", "io.eventroute.benchmarks");
    }

    private static final Pattern INTERNAL = Pattern.compile("\\bio\\.eventroute\\.[a-z0-9]+(?:\\.[a-z0-9]+)*?\\.internal\\b");
    private static final Pattern ANTLR = Pattern.compile("^import (?:static )?(org\\.antlr|io\\.eventroute\\.grammar)\\.",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        List<String> violations = new ArrayList<>();
        MODULES.forEach((module, root) -> {
            for (Path file : sources(module, "src/main/java", "src/test/java")) {
                Matcher m = INTERNAL.matcher(read(file));
                while (m.find()) {
                    if (!m.group().startsWith(root + ".")) {
                        violations.add(ROOT.relativize(file) + " uses " + m.group());
                    }
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void onlyTheParserPackageImportsAntlrOrTheGeneratedGrammar() {
        String parser = MODULES.get("compiler") + ".internal.parse";
        List<String> violations = new ArrayList<>();
        for (String module : MODULES.keySet()) {
            for (Path file : sources(module, "src/main/java")) {
                String text = read(file);
                if (ANTLR.matcher(text).find() && !packageOf(text).equals(parser)) {
                    violations.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void publicApiTypesExposeNoInternalType() throws ClassNotFoundException {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (String module : List.of("compiler", "runtime", "runtime-kafka")) {
            for (Path file : sources(module, "src/main/java")) {
                String pkg = packageOf(read(file));
                String name = file.getFileName().toString().replace(".java", "");
                if (pkg.contains(".internal") || name.equals("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(pkg + "." + name, false, getClass().getClassLoader());
                checked += check(type, violations);
            }
        }
        assertTrue(checked > 50, "only " + checked + " API types found");
        assertEquals(List.of(), violations);
    }

    /** Checks {@code type} and its nested types when public; the number of public types checked. */
    private static int check(Class<?> type, List<String> violations) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return 0;
        }
        int n = 1;
        expose(type, type.getGenericSuperclass(), "superclass", violations);
        for (Type t : type.getGenericInterfaces()) {
            expose(type, t, "interface", violations);
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                for (Type t : c.getGenericParameterTypes()) {
                    expose(type, t, "constructor", violations);
                }
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic()) {
                expose(type, m.getGenericReturnType(), m.getName(), violations);
                for (Type t : m.getGenericParameterTypes()) {
                    expose(type, t, m.getName(), violations);
                }
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                expose(type, f.getGenericType(), f.getName(), violations);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            n += check(nested, violations);
        }
        return n;
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void expose(Class<?> owner, Type t, String where, List<String> violations) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getPackageName().startsWith("io.eventroute.") && c.getPackageName().contains(".internal")) {
                violations.add(owner.getName() + "." + where + " exposes " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            expose(owner, p.getRawType(), where, violations);
            for (Type a : p.getActualTypeArguments()) {
                expose(owner, a, where, violations);
            }
        } else if (t instanceof GenericArrayType a) {
            expose(owner, a.getGenericComponentType(), where, violations);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                expose(owner, b, where, violations);
            }
            for (Type b : w.getLowerBounds()) {
                expose(owner, b, where, violations);
            }
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                if (b != Object.class && !(b instanceof TypeVariable)) {
                    expose(owner, b, where, violations);
                }
            }
        }
    }

    private static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) : "";
    }

    private static List<Path> sources(String module, String... dirs) {
        List<Path> out = new ArrayList<>();
        for (String dir : dirs) {
            Path base = ROOT.resolve(module).resolve(dir);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(!out.isEmpty() || dirs.length > 1, "no sources in " + module);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
