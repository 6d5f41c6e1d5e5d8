package org.egret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape the code keeps: Egret's packages import each other without a cycle, so each can be read
 * and replaced from the bottom up, and no main file outgrows what one reader holds in mind.
 */
class PackageStructureTest {
    private static final int MAX_MAIN_FILE_LINES = 600;
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(org\\.egret\\.[\\w.]+)\\s*;");

    @Test
    void rolePackagesImportEachOtherWithoutACycle() throws IOException {
        // a role is org.egret.<role>: its sub-packages count as the role
        Map<String, Set<String>> roles = new TreeMap<>();
        importsByPackage()
                .forEach((from, targets) -> targets.forEach(to -> {
                    String a = role(from);
                    String b = role(to);
                    if (!a.equals(b)) {
                        roles.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
                    }
                }));
        List<List<String>> cycles =
                stronglyConnected(roles).stream().filter(c -> c.size() > 1).toList();
        assertTrue(cycles.isEmpty(), "role packages that import each other in a cycle: " + cycles);
    }

    @Test
    void noPackageImportsAnotherInACycle() throws IOException {
        Set<Set<String>> cycles = new HashSet<>();
        for (List<String> c : stronglyConnected(importsByPackage())) {
            if (c.size() > 1) {
                cycles.add(Set.copyOf(c));
            }
        }
        assertTrue(cycles.isEmpty(), "packages that import each other in a cycle: " + cycles);
    }

    /** Each package of the main code, and the other Egret packages its files import. */
    private static Map<String, Set<String>> importsByPackage() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (Path file : MainSources.all()) {
            String src = Files.readString(file);
            Matcher p = PACKAGE.matcher(src);
            assertTrue(p.find(), "no package declaration in " + MainSources.relative(file));
            Set<String> out = imports.computeIfAbsent(p.group(1), k -> new TreeSet<>());
            Matcher m = IMPORT.matcher(src);
            while (m.find()) {
                String target = packageOf(m.group(1));
                if (!target.equals(p.group(1))) {
                    out.add(target);
                }
            }
        }
        return imports;
    }

    private static String role(String pkg) {
        String[] parts = pkg.split("\\.");
        return parts.length <= 3 ? pkg : String.join(".", parts[0], parts[1], parts[2]);
    }

    @Test
    void noMainFileIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : MainSources.all()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_MAIN_FILE_LINES) {
                tooLong.add(MainSources.relative(file) + " (" + lines + " lines)");
            }
        }
        assertTrue(tooLong.isEmpty(), "main files over " + MAX_MAIN_FILE_LINES + " lines: " + tooLong);
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        List<List<String>> cycles =
                stronglyConnected(g).stream().filter(c -> c.size() > 1).toList();
        assertEquals(
                List.of(List.of("a", "b", "c")),
                cycles.stream().map(c -> c.stream().sorted().toList()).toList());
    }

    /** The package of an imported name: the segments before the first that starts upper case. */
    static String packageOf(String imported) {
        String[] parts = imported.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.length() == 0 ? "" : ".").append(part);
        }
        return pkg.toString();
    }

    /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
