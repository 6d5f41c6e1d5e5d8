package org.egret;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every class that declares config keys is listed by its module's {@code ConfigKeyHolders}: a class
 * left out would have its keys refused in every cluster file, and the formatter removes an import
 * that only an edit forgot to use, so nothing else would notice.
 */
class KeyHoldersRegisteredTest {
    private static final Pattern DECLARES_KEYS = Pattern.compile("(?m)^\\s*(public\\s+)?static final ConfigKey<");
    private static final Pattern REGISTRY = Pattern.compile("implements ConfigKeyHolders\\b");

    @Test
    void everyClassOfKeysIsListedByItsModule() throws IOException {
        Map<String, String> registriesByModule = new HashMap<>();
        List<Path> holders = new ArrayList<>();
        for (Path file : MainSources.all()) {
            String src = Files.readString(file);
            String module = MainSources.relative(file).split("/")[0];
            if (REGISTRY.matcher(src).find()) {
                registriesByModule.merge(module, src, String::concat);
            }
            if (DECLARES_KEYS.matcher(src).find()) {
                holders.add(file);
            }
        }
        assertTrue(holders.size() > 10, "found only " + holders);
        List<String> missing = new ArrayList<>();
        for (Path file : holders) {
            String module = MainSources.relative(file).split("/")[0];
            String name = file.getFileName().toString().replace(".java", "");
            String registry = registriesByModule.getOrDefault(module, "");
            if (!Pattern.compile("\\b" + name + "\\.class\\b").matcher(registry).find()) {
                missing.add(MainSources.relative(file));
            }
        }
        assertTrue(missing.isEmpty(), "classes of keys that no ConfigKeyHolders of their module lists: " + missing);
    }
}
