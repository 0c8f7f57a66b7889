package org.jmojo.conformance;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code .data} case: the complete message bytes and the number of handles to attach.
 * {@link #parse} implements the text format described in chromium/README.md ("The .data format") of
 * this module's test resources, every rule and error case included.
 *
 * @param bytes the message, header included
 * @param handleCount the N of a leading {@code [handles]N}, else 0
 */
public record DataFile(byte[] bytes, int handleCount) {

    public DataFile {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Parses the text of a {@code .data} file.
     *
     * @throws DataFileException if the text breaks any rule of the format
     */
    public static DataFile parse(String text) throws DataFileException {
        return new Parser(text).run();
    }

    private static final class Parser {
        private final String text;
        private int pos;
        private int itemIndex;
        private final ByteBuffer out;
        private int handles;
        private boolean dataSeen;
        private final Map<String, int[]> pendingDists = new HashMap<>();
        private final Set<String> usedAnchors = new HashSet<>();

        Parser(String text) {
            this.text = text;
            this.out = ByteBuffer.allocate(Math.max(16, text.length() * 8)).order(ByteOrder.LITTLE_ENDIAN);
        }

        DataFile run() throws DataFileException {
            String item;
            while ((item = nextItem()) != null) {
                handleItem(item);
                itemIndex++;
            }
            if (!pendingDists.isEmpty()) {
                throw new DataFileException(-1, "dist without a matching anchor: "
                        + pendingDists.keySet().stream().sorted().toList());
            }
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return new DataFile(bytes, handles);
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        /** The next item's text, with comments and whitespace skipped; null at the end. */
        private String nextItem() throws DataFileException {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (isSpace(c)) {
                    pos++;
                } else if (c == '/') {
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                            pos++;
                        }
                    } else {
                        throw new DataFileException(itemIndex, "a single '/' at character " + pos
                                + " (comments start with //)");
                    }
                } else {
                    int start = pos;
                    while (pos < text.length() && !isSpace(text.charAt(pos)) && text.charAt(pos) != '/') {
                        pos++;
                    }
                    return text.substring(start, pos);
                }
            }
            return null;
        }

        private void handleItem(String item) throws DataFileException {
            String type = "u1";
            String value = item;
            if (item.startsWith("[")) {
                int close = item.indexOf(']');
                if (close < 0) {
                    throw new DataFileException(itemIndex, "unterminated type in '" + item + "'");
                }
                type = item.substring(1, close);
                value = item.substring(close + 1);
            }
            if (type.equals("handles")) {
                if (dataSeen) {
                    throw new DataFileException(itemIndex, "[handles] must be the first item");
                }
                dataSeen = true;
                BigInteger n = parseInteger(value, false);
                if (n.bitLength() > 31) {
                    throw new DataFileException(itemIndex, "handle count too large: " + value);
                }
                handles = n.intValue();
                return;
            }
            dataSeen = true;
            switch (type) {
                case "u1" -> putUnsigned(value, 1);
                case "u2" -> putUnsigned(value, 2);
                case "u4" -> putUnsigned(value, 4);
                case "u8" -> putUnsigned(value, 8);
                case "s1" -> putSigned(value, 1);
                case "s2" -> putSigned(value, 2);
                case "s4" -> putSigned(value, 4);
                case "s8" -> putSigned(value, 8);
                case "b" -> putBits(value);
                case "f" -> out.putFloat((float) parseDouble(value));
                case "d" -> out.putDouble(parseDouble(value));
                case "dist4" -> dist(value, 4);
                case "dist8" -> dist(value, 8);
                case "anchr" -> anchor(value);
                default -> throw new DataFileException(itemIndex, "unknown item type [" + type + "]");
            }
        }

        private BigInteger parseInteger(String value, boolean signed) throws DataFileException {
            String digits = value;
            boolean negative = false;
            if (signed && (digits.startsWith("+") || digits.startsWith("-"))) {
                negative = digits.startsWith("-");
                digits = digits.substring(1);
            }
            int radix = 10;
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                radix = 16;
                digits = digits.substring(2);
            }
            if (digits.isEmpty()) {
                throw new DataFileException(itemIndex, "missing number in '" + value + "'");
            }
            for (int i = 0; i < digits.length(); i++) {
                if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 'z') {
                    throw new DataFileException(itemIndex, "not a " + (signed ? "signed" : "unsigned")
                            + " number: '" + value + "'");
                }
            }
            BigInteger n = new BigInteger(digits, radix);
            return negative ? n.negate() : n;
        }

        private void putUnsigned(String value, int width) throws DataFileException {
            BigInteger n = parseInteger(value, false);
            if (n.bitLength() > width * 8) {
                throw new DataFileException(itemIndex, value + " does not fit " + width + " unsigned byte(s)");
            }
            putLittleEndian(n.longValue(), width);
        }

        private void putSigned(String value, int width) throws DataFileException {
            BigInteger n = parseInteger(value, true);
            if (n.bitLength() > width * 8 - 1) {
                throw new DataFileException(itemIndex, value + " does not fit " + width + " signed byte(s)");
            }
            putLittleEndian(n.longValue(), width);
        }

        private void putLittleEndian(long v, int width) {
            for (int i = 0; i < width; i++) {
                out.put((byte) (v >>> (8 * i)));
            }
        }

        private void putBits(String value) throws DataFileException {
            if (value.length() != 8) {
                throw new DataFileException(itemIndex, "[b] needs exactly eight 0/1 characters: '" + value + "'");
            }
            int b = 0;
            for (int i = 0; i < 8; i++) {
                char c = value.charAt(i);
                if (c != '0' && c != '1') {
                    throw new DataFileException(itemIndex, "[b] accepts only 0 and 1: '" + value + "'");
                }
                b = (b << 1) | (c - '0');
            }
            out.put((byte) b);
        }

        private double parseDouble(String value) throws DataFileException {
            if (!value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new DataFileException(itemIndex, "not a decimal floating-point literal: '" + value + "'");
            }
            return Double.parseDouble(value);
        }

        private void checkId(String id) throws DataFileException {
            if (!id.matches("[0-9a-zA-Z_]+")) {
                throw new DataFileException(itemIndex, "bad identifier '" + id + "'");
            }
        }

        private void dist(String id, int width) throws DataFileException {
            checkId(id);
            if (pendingDists.containsKey(id)) {
                throw new DataFileException(itemIndex, "a dist with ID '" + id + "' is already pending");
            }
            if (usedAnchors.contains(id)) {
                throw new DataFileException(itemIndex, "anchor '" + id + "' was already used; a dist must precede it");
            }
            pendingDists.put(id, new int[] {out.position(), width});
            putLittleEndian(0, width);
        }

        private void anchor(String id) throws DataFileException {
            checkId(id);
            if (!usedAnchors.add(id)) {
                throw new DataFileException(itemIndex, "anchor '" + id + "' used twice");
            }
            int[] dist = pendingDists.remove(id);
            if (dist == null) {
                throw new DataFileException(itemIndex, "anchor '" + id + "' has no pending dist before it");
            }
            long distance = out.position() - dist[0];
            if (dist[1] == 4 && distance > 0xFFFF_FFFFL) {
                throw new DataFileException(itemIndex, "distance " + distance + " does not fit 4 bytes");
            }
            for (int i = 0; i < dist[1]; i++) {
                out.put(dist[0] + i, (byte) (distance >>> (8 * i)));
            }
        }
    }
}
