package org.egret.net.frame;

import java.util.Arrays;

/** The acking fields of one tuple: for each tree it belongs to, its root and this tuple's edge id. Reused. */
public final class TupleRoots {
    private long[] roots = new long[4];
    private long[] edges = new long[4];
    private int size;
    private int edgeCount;

    public void clear() {
        size = 0;
        edgeCount = 0;
    }

    public void add(long root, long edge) {
        addRoot(root);
        addEdge(edge);
    }

    /** For a reader: roots and edges arrive as two lists. */
    void addRoot(long root) {
        if (size == roots.length) {
            roots = Arrays.copyOf(roots, size * 2);
        }
        roots[size++] = root;
    }

    void addEdge(long edge) {
        if (edgeCount == edges.length) {
            edges = Arrays.copyOf(edges, edgeCount * 2);
        }
        edges[edgeCount++] = edge;
    }

    boolean paired() {
        return size == edgeCount;
    }

    public int size() {
        return size;
    }

    public long root(int i) {
        return roots[i];
    }

    public long edge(int i) {
        return edges[i];
    }
}
