package org.egret.scheduler.yarn;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an argument list into the one command line a NodeManager writes into its launch script.
 * Everything is single-quoted (config values may hold spaces or shell characters) except the
 * container's own variables and the NodeManager's {@code <LOG_DIR>}, which must expand there.
 */
final class ShellWords {
    private static final Pattern EXPANDED = Pattern.compile("\\$PWD|\\$JAVA_HOME|\\$NM_HOST|<LOG_DIR>");

    private ShellWords() {}

    static String join(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String arg) {
        if (arg.isEmpty()) {
            return "''";
        }
        StringBuilder sb = new StringBuilder();
        Matcher m = EXPANDED.matcher(arg);
        int last = 0;
        while (m.find()) {
            sb.append(literal(arg.substring(last, m.start())));
            sb.append(m.group().startsWith("$") ? "\"" + m.group() + "\"" : m.group());
            last = m.end();
        }
        sb.append(literal(arg.substring(last)));
        return sb.toString();
    }

    private static String literal(String s) {
        return s.isEmpty() ? "" : "'" + s.replace("'", "'\\''") + "'";
    }
}
