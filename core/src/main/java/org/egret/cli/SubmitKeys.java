package org.egret.cli;

import org.egret.config.ConfigKey;

/** Egret config keys that {@code egret submit} applies to what it accepts, declared once (see ConfigKey). */
public final class SubmitKeys {
    private SubmitKeys() {}

    public static final ConfigKey<Boolean> ALLOW_JAVA_SERIALIZATION = ConfigKey.bool(
            "egret.allow.java.serialization",
            false,
            "Whether submit accepts topologies with topology.fall.back.on.java.serialization: true. Such a"
                    + " topology's tasks deserialize tuple values of unregistered classes with Java serialization, which"
                    + " runs code chosen by whoever can send them a tuple (deserialization gadgets). Storm's default is"
                    + " false; allow it only for topologies that cannot register their classes with Kryo.");
}
