package org.egret.storm.serialization;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;
import java.util.Map;
import org.apache.storm.serialization.SerializationFactory;
import org.apache.storm.utils.ListDelegate;

/**
 * Reads a tuple's values as Storm's KryoValuesDeserializer does (the topology's Kryo, with its
 * registrations), over a {@link BoundedInput} and with {@link LengthBoundedSerializers}: bytes that
 * declare more elements than they hold fail with an exception instead of an allocation. One thread.
 */
public final class TupleValuesReader {
    private final Kryo kryo;
    private final BoundedInput in = new BoundedInput();

    public TupleValuesReader(Map<String, Object> topoConf) {
        this.kryo = SerializationFactory.getKryo(topoConf);
        LengthBoundedSerializers.install(kryo);
    }

    /** The values serialized in {@code buf[offset, offset + length)}; throws whatever decoding throws. */
    public List<Object> read(byte[] buf, int offset, int length) {
        in.setBuffer(buf, offset, length);
        return kryo.readObject(in, ListDelegate.class).getDelegate();
    }
}
