package org.jmojo.conformance;

/**
 * A {@code .data} case file is malformed (chromium/README.md, "The .data format"). This is a broken test input,
 * never a validation result: runners report it as a failed case.
 */
public final class DataFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int itemIndex;

    DataFileException(int itemIndex, String message) {
        super("item " + itemIndex + ": " + message);
        this.itemIndex = itemIndex;
    }

    /** Zero-based index of the offending item; -1 for errors found at end of file. */
    public int itemIndex() {
        return itemIndex;
    }
}
