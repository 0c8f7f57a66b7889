package org.jmojo.mojom.model;

/**
 * One row of a struct's version table (docs/wire-format.md §3.4).
 *
 * @param version a version number in which the struct gained fields (0 is always present)
 * @param numBytes the struct's {@code num_bytes} at that version, header included
 * @param numFields how many fields exist at that version
 */
public record VersionInfo(int version, int numBytes, int numFields) {}
