package org.egret.examples.verify;

/**
 * A {@link ReliableIdSpout} that emits nothing until a file named {@code go} appears in its directory:
 * a test measures the rest of the topology first, then lets this spout loose.
 */
public final class GatedIdSpout extends ReliableIdSpout {
    private final String dir;
    private transient FileFlag go;

    public GatedIdSpout(long limit, String dir, int payloadBytes) {
        super(limit, dir, 0, payloadBytes);
        this.dir = dir;
    }

    @Override
    protected boolean mayEmit(long id) {
        if (go == null) {
            go = new FileFlag(dir, "go");
        }
        return go.isUp();
    }
}
