package org.jmojo.internal.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jmojo.internal.channel.FrameType;
import org.jmojo.internal.channel.Id128;
import org.jmojo.internal.ports.PortName;

/**
 * What the two sides of an invitation agree on (docs/processes.md, "Bootstrap"): the connection string and the
 * bootstrap message that carries the named pipes.
 *
 * <p>The connection string is {@code PATH:TOKEN:PORT}: the path of the inviter's listening socket, the one-time
 * 128-bit token in 32 hex digits, and the name of the inviter's end of the bootstrap pipe in 32 hex digits. It is
 * a secret: whoever holds it may take the invitation's pipes (once). It is split from the right, so the path may
 * contain colons.
 *
 * <p>The bootstrap message: u32 count, then per pipe a u16 name length and the UTF-8 name; the pipes ride as the
 * message's handles, in the same order.
 */
public final class Bootstrap {
    /** The environment variable a launched child finds its connection string in. */
    public static final String ENVIRONMENT_VARIABLE = "JMOJO_INVITATION";

    private static final HexFormat HEX = HexFormat.of();

    private Bootstrap() {}

    /** A parsed connection string. */
    public record Address(Path socket, Id128 token, PortName inviterPort) {}

    /** The connection string for these three values. */
    public static String connectionString(Path socket, Id128 token, PortName inviterPort) {
        return socket + ":" + hex(token) + ":" + hex(NodeChannels.id(inviterPort));
    }

    /**
     * Parses a connection string.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static Address parse(String connection) {
        int second = connection.lastIndexOf(':');
        int first = second < 0 ? -1 : connection.lastIndexOf(':', second - 1);
        if (first <= 0 || second - first != 33 || connection.length() - second != 33) {
            throw new IllegalArgumentException("invitation connection string \"" + connection
                    + "\" is not PATH:TOKEN:PORT (TOKEN and PORT 32 hex digits each)");
        }
        try {
            Id128 token = id(connection.substring(first + 1, second));
            Id128 port = id(connection.substring(second + 1));
            if (token.isNone() || port.isNone()) {
                throw new IllegalArgumentException("invitation connection string with a zero token or port");
            }
            return new Address(Path.of(connection.substring(0, first)), token, NodeChannels.portName(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invitation connection string \"" + connection
                    + "\": TOKEN and PORT must be hex digits", e);
        }
    }

    static String hex(Id128 id) {
        return HEX.toHexDigits(id.high()) + HEX.toHexDigits(id.low());
    }

    private static Id128 id(String hex32) {
        return new Id128(HEX.fromHexDigitsToLong(hex32, 16, 32), HEX.fromHexDigitsToLong(hex32, 0, 16));
    }

    /**
     * The bootstrap message's bytes for {@code names}.
     *
     * @throws IllegalArgumentException for a name longer than 256 bytes of UTF-8
     */
    public static byte[] encodeNames(List<String> names) {
        List<byte[]> utf8 = new ArrayList<>(names.size());
        int size = 4;
        for (String n : names) {
            byte[] b = checkName(n);
            utf8.add(b);
            size += 2 + b.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(names.size());
        for (byte[] b : utf8) {
            out.putShort((short) b.length).put(b);
        }
        return out.array();
    }

    /** A pipe name's UTF-8 bytes. @throws IllegalArgumentException if empty or over 256 bytes */
    public static byte[] checkName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > FrameType.MAX_MERGE_NAME) {
            throw new IllegalArgumentException("invitation pipe name \"" + name + "\" is " + b.length
                    + " bytes of UTF-8; it must be 1.." + FrameType.MAX_MERGE_NAME);
        }
        return b;
    }

    /**
     * The names of a bootstrap message carrying {@code handles} handles.
     *
     * @throws IllegalArgumentException if the bytes are not such a message
     */
    public static List<String> decodeNames(byte[] bytes, int handles) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int count = in.getInt();
            if (count != handles) {
                throw new IllegalArgumentException("bootstrap message names " + count + " pipes but carries " + handles);
            }
            List<String> names = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = Short.toUnsignedInt(in.getShort());
                if (length == 0 || length > FrameType.MAX_MERGE_NAME || length > in.remaining()) {
                    throw new IllegalArgumentException("bootstrap message: name " + i + " of " + length + " bytes");
                }
                byte[] b = new byte[length];
                in.get(b);
                names.add(new String(b, StandardCharsets.UTF_8));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("bootstrap message: " + in.remaining() + " bytes after the names");
            }
            return names;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("bootstrap message truncated", e);
        }
    }
}
