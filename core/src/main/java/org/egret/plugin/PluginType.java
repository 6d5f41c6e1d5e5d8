package org.egret.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The short name that selects an implementation of a plug point in the configuration, e.g.
 * {@code egret.statemgr.type: zookeeper}. {@link Plugins} reads it from the class without making
 * an instance, so an implementation that is not chosen costs nothing.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PluginType {
    String value();
}
