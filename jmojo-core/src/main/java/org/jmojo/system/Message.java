package org.jmojo.system;

import java.util.List;
import java.util.Objects;

/**
 * A message read from a pipe: its bytes and the handles it carried, in the order the writer attached
 * them.
 *
 * <p><b>Ownership.</b> The reader owns both: {@code bytes} is a fresh array nobody else references,
 * and every handle in {@code handles} is a new, valid object (a message pipe endpoint arrives as a
 * {@link MessagePipeEndpoint}, a wrapped descriptor as a {@link PlatformHandle}) that the reader must
 * close or pass on. {@link #closeHandles()} closes them all.
 *
 * @param bytes the payload; the array is the reader's (not copied by this record)
 * @param handles the attached handles, unmodifiable
 */
public record Message(byte[] bytes, List<Handle> handles) {
    public Message {
        Objects.requireNonNull(bytes, "bytes");
        handles = List.copyOf(handles);
    }

    /**
     * The handle at {@code index} as {@code type}.
     *
     * @throws IndexOutOfBoundsException if there is no handle at {@code index}
     * @throws ClassCastException if that handle is not a {@code type}
     */
    public <T extends Handle> T handle(int index, Class<T> type) {
        return type.cast(handles.get(index));
    }

    /** Closes every attached handle that is still owned by its object. Never fails. */
    public void closeHandles() {
        for (Handle h : handles) {
            h.close();
        }
    }
}
