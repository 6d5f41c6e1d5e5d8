package org.egret.storm.translate;

import org.apache.storm.generated.StormTopology;

/** Lets tests in other packages use the all-groupings topology. */
public final class TopologyTranslatorTestAccess {
    private TopologyTranslatorTestAccess() {}

    public static StormTopology allGroupings() {
        return TopologyTranslatorTest.allGroupings();
    }
}
