package org.egret.storm.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over one tuple's bytes whose reads of arrays and strings first check the declared
 * length against the bytes left ({@link DeclaredLengths}): Kryo allocates the array (or the char
 * buffer of a string) before it reads the elements, so an unchecked length is an allocation of the
 * sender's choosing. Array-backed only.
 */
public final class BoundedInput extends Input {
    @Override
    public byte[] readBytes(int length) throws KryoException {
        DeclaredLengths.check(this, length, 1, "byte array");
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) throws KryoException {
        DeclaredLengths.check(this, length, 4, "int array");
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) throws KryoException {
        DeclaredLengths.check(this, length, 1, "int array");
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) throws KryoException {
        DeclaredLengths.check(this, length, 8, "long array");
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) throws KryoException {
        DeclaredLengths.check(this, length, 1, "long array");
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) throws KryoException {
        DeclaredLengths.check(this, length, 4, "float array");
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) throws KryoException {
        DeclaredLengths.check(this, length, 8, "double array");
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) throws KryoException {
        DeclaredLengths.check(this, length, 2, "short array");
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) throws KryoException {
        DeclaredLengths.check(this, length, 2, "char array");
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) throws KryoException {
        DeclaredLengths.check(this, length, 1, "boolean array");
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        checkUtf8Length();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkUtf8Length();
        return super.readStringBuilder();
    }

    /**
     * Kryo writes a string either as ASCII ended by a flagged byte (read as it comes, nothing to check)
     * or as a flagged char count + 1 and then UTF-8, at least a byte per char.
     */
    private void checkUtf8Length() {
        int start = position;
        if (!readVarIntFlag()) {
            return;
        }
        int charsPlusOne = readVarIntFlag(true);
        long chars = (charsPlusOne & 0xffffffffL) - 1;
        if (chars > 0) {
            DeclaredLengths.check(this, chars, 1, "string");
        }
        position = start;
    }
}
