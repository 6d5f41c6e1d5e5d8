package org.egret.storm.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.storm.serialization.types.ArrayListSerializer;
import org.apache.storm.serialization.types.HashMapSerializer;
import org.apache.storm.serialization.types.HashSetSerializer;
import org.apache.storm.serialization.types.ListDelegateSerializer;
import org.apache.storm.utils.ListDelegate;

/**
 * Replaces, in a Kryo that reads tuples, the serializers of Storm's default registrations that size
 * what they build from the declared length (Storm's ArrayList, HashMap and HashSet serializers, and
 * Kryo's collection and map serializers that {@code topology.kryo.register} gives a class such as
 * {@code Values}; Kryo's object-array serializer) by ones that first check the length against the
 * bytes left ({@link DeclaredLengths}). The wire format is the same: only reading changes, so a writer
 * with Storm's own Kryo and a reader with this one agree. Registrations with a serializer of the
 * user's own, or one configured with element or key classes, are left as they are. Storm's
 * ListDelegate serializer, which every tuple's values go through, is replaced too: it grows its list
 * as it reads, and ours sizes it once from the checked length.
 */
public final class LengthBoundedSerializers {
    private LengthBoundedSerializers() {}

    /** Swaps the serializers of {@code kryo}'s registrations in place; ids stay as they are. */
    public static void install(Kryo kryo) {
        for (int id = 0; id < kryo.getNextRegistrationId(); id++) {
            Registration r = kryo.getRegistration(id);
            if (r == null) {
                continue;
            }
            Serializer<?> bounded = boundedFor(kryo, r.getSerializer());
            if (bounded != null) {
                r.setSerializer(bounded);
            }
        }
    }

    private static Serializer<?> boundedFor(Kryo kryo, Serializer<?> s) {
        Class<?> c = s.getClass();
        if (s instanceof CollectionSerializer<?> cs
                && (cs.getElementClass() != null || cs.getElementSerializer() != null)) {
            return null;
        }
        if (s instanceof MapSerializer<?> ms
                && (ms.getKeyClass() != null
                        || ms.getKeySerializer() != null
                        || ms.getValueClass() != null
                        || ms.getValueSerializer() != null)) {
            return null;
        }
        if (c == ArrayListSerializer.class) {
            return new BoundedArrayList();
        } else if (c == HashMapSerializer.class) {
            return new BoundedHashMap();
        } else if (c == ListDelegateSerializer.class) {
            return new BoundedListDelegate();
        } else if (c == HashSetSerializer.class) {
            return new BoundedHashSet();
        } else if (c == CollectionSerializer.class) {
            return new BoundedCollection();
        } else if (c == MapSerializer.class) {
            return new BoundedMap();
        } else if (c == ObjectArraySerializer.class) {
            return new BoundedObjectArray((ObjectArraySerializer) s);
        }
        return null;
    }

    static final class BoundedArrayList extends ArrayListSerializer {
        @Override
        public ArrayList create(Kryo kryo, Input input, Class<? extends ArrayList> type, int size) {
            DeclaredLengths.check(input, size, 1, "list");
            return super.create(kryo, input, type, size);
        }
    }

    /**
     * Every tuple's values arrive as a ListDelegate. Storm's serializer builds an empty list and grows
     * it element by element; the declared length, once checked, sizes it instead.
     */
    static final class BoundedListDelegate extends ListDelegateSerializer {
        @Override
        public ListDelegate create(Kryo kryo, Input input, Class<? extends ListDelegate> type, int size) {
            DeclaredLengths.check(input, size, 1, "list");
            ListDelegate values = new ListDelegate();
            if (input.getInputStream() == null) { // a stream's length is not checked: grow as Storm does
                values.setDelegate(new ArrayList<>(size));
            }
            return values;
        }
    }

    static final class BoundedHashSet extends HashSetSerializer {
        @Override
        protected HashSet create(Kryo kryo, Input input, Class<? extends HashSet> type, int size) {
            DeclaredLengths.check(input, size, 1, "set");
            return super.create(kryo, input, type, size);
        }
    }

    static final class BoundedHashMap extends HashMapSerializer {
        @Override
        protected HashMap<String, Object> create(Kryo kryo, Input input, Class<? extends HashMap> type, int size) {
            DeclaredLengths.check(input, size, 2, "map");
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    static final class BoundedCollection extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            DeclaredLengths.check(input, size, 1, "collection");
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    static final class BoundedMap extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            DeclaredLengths.check(input, size, 2, "map");
            return super.create(kryo, input, type, size);
        }
    }

    /** Kryo's array serializer allocates the array itself: its length (+1, 0 for null) is peeked first. */
    static final class BoundedObjectArray extends Serializer<Object[]> {
        private final ObjectArraySerializer delegate;

        BoundedObjectArray(ObjectArraySerializer delegate) {
            super(delegate.getAcceptsNull(), delegate.isImmutable());
            this.delegate = delegate;
        }

        @Override
        public void write(Kryo kryo, Output output, Object[] object) {
            delegate.write(kryo, output, object);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
            int start = input.position();
            int lengthPlusOne = input.readVarInt(true);
            if (lengthPlusOne > 1) {
                DeclaredLengths.check(input, lengthPlusOne - 1L, 1, "array");
            }
            input.setPosition(start);
            return delegate.read(kryo, input, type);
        }

        @Override
        public Object[] copy(Kryo kryo, Object[] original) {
            return delegate.copy(kryo, original);
        }
    }
}
