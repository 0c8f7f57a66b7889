package org.jmojo.mojom.pack;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code .data} text format of Chromium's validation cases (described in
 * jmojo-conformance's src/test/resources/chromium/README.md) into message bytes; enough for layout
 * checks, strictness is the conformance module's job.
 */
final class DataFile {
    private DataFile() {}

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, int[]> pending = new HashMap<>();
        Map<Integer, byte[]> patches = new HashMap<>();
        String cleaned = text.replaceAll("//[^\\n\\r]*", " ");
        for (String item : cleaned.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            String type = "u1";
            String value = item;
            if (item.startsWith("[")) {
                type = item.substring(1, item.indexOf(']'));
                value = item.substring(item.indexOf(']') + 1);
            }
            switch (type) {
                case "handles" -> {}
                case "anchr" -> {
                    int[] d = pending.remove(value);
                    long distance = out.size() - d[0];
                    byte[] b = new byte[d[1]];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) (distance >>> (8 * i));
                    }
                    patches.put(d[0], b);
                }
                case "dist4", "dist8" -> {
                    int width = type.equals("dist4") ? 4 : 8;
                    pending.put(value, new int[] {out.size(), width});
                    out.writeBytes(new byte[width]);
                }
                case "b" -> out.write(Integer.parseInt(value, 2));
                case "f" -> le(out, Float.floatToIntBits(Float.parseFloat(value)), 4);
                case "d" -> le(out, Double.doubleToLongBits(Double.parseDouble(value)), 8);
                default -> {
                    int width = Integer.parseInt(type.substring(1));
                    boolean negative = value.startsWith("-");
                    String digits = value.replaceFirst("^[+-]", "");
                    BigInteger v = digits.startsWith("0x") || digits.startsWith("0X")
                            ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
                    le(out, (negative ? v.negate() : v).longValue(), width);
                }
            }
        }
        byte[] bytes = out.toByteArray();
        patches.forEach((at, b) -> System.arraycopy(b, 0, bytes, at, b.length));
        return bytes;
    }

    private static void le(ByteArrayOutputStream out, long v, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
