package org.egret.uploader.hdfs;

import java.util.List;
import org.egret.config.ConfigKeyHolders;

/** Registers the HDFS uploader's keys wherever this module is on the class path. */
public final class HdfsConfigKeys implements ConfigKeyHolders {
    @Override
    public List<Class<?>> holders() {
        return List.of(HdfsKeys.class);
    }
}
