package org.egret.stmgr;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.egret.net.Wire;
import org.egret.proto.BackPressureNotice;
import org.egret.proto.StMgrLocation;
import org.egret.runtime.Backoff;

/**
 * This stream manager's links to its peers: one per peer stream manager in the plan, replaced when
 * the peer moves, closed when it leaves. The links carry back-pressure notices both ways with the
 * {@link BackPressure} they report to. Event loop only, as the stream manager.
 */
final class PeerLinks {
    /** What a peer link reports back (event loop). */
    interface Events {
        void connected(PeerLink link);

        void writability(Channel ch, String peerId);

        void closed(Channel ch);

        WriteBufferWaterMark waterMark();
    }

    private final Map<String, PeerLink> links = new HashMap<>();
    private final String selfId;
    private final StMgrSettings settings;
    private final EventLoopGroup group;
    /** The address connections to peers leave from, this container's own (null: any). */
    private final InetAddress source;
    /** How links to peer stream managers authenticate and what they may carry. */
    private final Wire wire;

    private final StMgrCounters counters;
    /** The sender of the batches for a peer, which outlives any one link to it. */
    private final Function<String, TupleSender> senders;

    private BackPressure backPressure;

    private final Events events = new Events() {
        @Override
        public void connected(PeerLink link) {
            backPressure.tellLatePeer((start, task, cause) -> link.send(notice(start, task, cause)));
        }

        @Override
        public void writability(Channel ch, String peerId) {
            backPressure.onLinkWritability(ch, ch.isWritable(), peerId);
        }

        @Override
        public void closed(Channel ch) {
            backPressure.onClosed(ch);
        }

        @Override
        public WriteBufferWaterMark waterMark() {
            return settings.waterMark();
        }
    };

    PeerLinks(
            String selfId,
            StMgrSettings settings,
            EventLoopGroup group,
            InetAddress source,
            Wire wire,
            StMgrCounters counters,
            Function<String, TupleSender> senders) {
        this.selfId = selfId;
        this.settings = settings;
        this.group = group;
        this.source = source;
        this.wire = wire;
        this.counters = counters;
        this.senders = senders;
    }

    /** The back pressure the links report to; it announces through {@link #announce}, so it comes second. */
    void reportTo(BackPressure backPressure) {
        this.backPressure = backPressure;
    }

    /** Links to every peer of {@code table} and drops the links to peers that left or moved. */
    void connect(RoutingTable table) {
        Iterator<Map.Entry<String, PeerLink>> it = links.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, PeerLink> e = it.next();
            StMgrLocation now = table.peers().get(e.getKey());
            if (now == null || !now.equals(e.getValue().location())) {
                // The peer left the plan or restarted elsewhere: its old connection leads nowhere.
                e.getValue().close();
                it.remove();
                backPressure.onPeerGone(e.getKey());
                if (now == null) {
                    senders.apply(e.getKey()).discard();
                }
            }
        }
        for (StMgrLocation peer : table.peers().values()) {
            if (!links.containsKey(peer.getId())) {
                // the configured maximum bounds the first wait too, should it be below 50 ms
                long maxMs = settings.reconnectMaxMs();
                PeerLink link = new PeerLink(
                        peer,
                        selfId,
                        senders.apply(peer.getId()),
                        group,
                        source,
                        wire,
                        counters,
                        new Backoff(Math.min(50, maxMs), maxMs),
                        events);
                links.put(peer.getId(), link);
                link.start();
            }
        }
    }

    /** Tells every peer that this container's task started or stopped holding back its inputs. */
    void announce(boolean start, int task, String cause) {
        BackPressureNotice n = notice(start, task, cause);
        for (PeerLink link : links.values()) {
            link.send(n);
        }
    }

    void close() {
        links.values().forEach(PeerLink::close);
        links.clear();
    }

    private BackPressureNotice notice(boolean start, int task, String cause) {
        return BackPressureNotice.newBuilder()
                .setStmgrId(selfId)
                .setStart(start)
                .setTask(task)
                .setCause(cause)
                .build();
    }
}
