package org.egret.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;

/** What every verb gets: the cluster, its loaded config, where Egret is installed, and where to print. */
record CliContext(String cluster, EgretConfig config, Path egretHome, Path confDir,
    Map<String, String> properties, boolean verbose, PrintStream out) {

  void say(String line) {
    out.println(line);
    out.flush();
  }
}
