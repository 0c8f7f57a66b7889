package org.jmojo.bindings.runtime;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jmojo.bindings.ValidationException;
import org.jmojo.system.Handle;
import org.jmojo.system.Message;

/**
 * How one generated struct (or method parameter struct) is written and read: for generated code and
 * the bindings, not for users, who call the struct's own {@code serialize} and {@code deserialize}.
 * Each generated file's package-private codecs class holds one subclass instance per struct; code in
 * other packages finds it with {@link Codecs#struct}.
 *
 * <p>The three abstract methods follow docs/wire-format.md: {@link #encode} appends the struct and what
 * it points to depth-first in field ordinal order (§11); {@link #decode} checks every rule of §12 in
 * the validator's order as it reads ({@link ValidatingReader}), so it gives exactly the
 * {@link Validator}'s answer; {@link #read} reads a struct that a reader has already checked (inside
 * a union member or a nested array, which the reader checks whole before they are read).
 *
 * <p>Stateless and thread-safe.
 *
 * @param <T> the generated struct
 */
public abstract class StructCodec<T> {

    private final Class<T> type;
    private final StructSchema schema;

    /** For the generated subclass: the struct's class and its layout. */
    protected StructCodec(Class<T> type, StructSchema schema) {
        this.type = Objects.requireNonNull(type, "type");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The generated class. */
    public final Class<T> type() {
        return type;
    }

    /** The layout, for the {@link Validator}. */
    public final StructSchema schema() {
        return schema;
    }

    /**
     * Appends {@code value} and everything it points to at the end of {@code encoder} and returns its
     * offset. Handles and endpoints are appended to the encoder's lists: recorded, not moved or
     * closed.
     */
    public abstract int encode(Encoder encoder, T value);

    /**
     * The bytes {@link #encode} appends for {@code value}: exact when every string in it is ASCII,
     * else a lower bound (a string is counted one byte per UTF-16 unit). For sizing a buffer.
     */
    public abstract long encodedSize(T value);

    /**
     * Checks the struct at {@code at} while reading it (see the class comment); fields newer than
     * the struct's version get their defaults.
     *
     * @throws ValidationException at the first broken rule, or if a handle has the wrong type
     */
    public abstract T decode(ValidatingReader reader, long at) throws ValidationException;

    /**
     * Reads the struct at {@code at}, which {@code reader} has already checked with everything it
     * points to. It decodes it with {@link #decode} on a reader that starts at the struct
     * ({@link ValidatingReader#recheck}): checking a valid struct again costs a second walk but no
     * second decoder per struct, and these positions are the rare ones.
     *
     * @throws ValidationException if a handle has the wrong type (the only check that can fail)
     */
    public final T read(ValidatingReader reader, long at) throws ValidationException {
        return decode(reader.recheck(at), at);
    }

    /**
     * Encodes {@code value} on its own: the struct at offset 0, and the handles it holds in index
     * order. The handles are recorded, not moved: writing the message to a pipe moves them.
     *
     * @throws IllegalStateException if the value holds associated endpoints, which only interface
     *     messages can carry
     */
    public final Message serialize(T value) {
        Encoder encoder = Encoder.sized(encodedSize(value));
        encode(encoder, value);
        if (!encoder.associatedEndpoints().isEmpty()) {
            throw new IllegalStateException(type.getName() + " holds " + encoder.associatedEndpoints().size()
                    + " associated endpoint(s), which only an interface message can carry");
        }
        return new Message(encoder.finish(), handles(encoder));
    }

    /** The encoder's attached handles, which generated code only ever appends {@link Handle}s to. */
    static List<Handle> handles(Encoder encoder) {
        List<Object> attached = encoder.handles();
        if (attached.isEmpty()) {
            return List.of();
        }
        List<Handle> handles = new ArrayList<>(attached.size());
        for (Object h : attached) {
            handles.add((Handle) h);
        }
        return handles;
    }

    /**
     * Checks and decodes a struct encoded on its own at offset 0 of {@code bytes}, with
     * {@code handles} attached. Accepts exactly what {@link #serialize} produces for some value.
     *
     * @throws ValidationException if the bytes break a rule of docs/wire-format.md §12
     */
    public final T deserialize(MemorySegment bytes, List<? extends Handle> handles) throws ValidationException {
        return decode(ValidatingReader.forStruct(bytes, handles), 0);
    }

    /**
     * {@link #deserialize(MemorySegment, List)} for a message in a heap array, which is read in place
     * (neither copied nor wrapped in a segment).
     *
     * @throws ValidationException if the bytes break a rule of docs/wire-format.md §12
     */
    public final T deserialize(byte[] bytes, List<? extends Handle> handles) throws ValidationException {
        return decode(ValidatingReader.forStruct(bytes, handles), 0);
    }
}
