/**
 * The resolved Mojom model: what {@link org.jmojo.mojom.MojomCompiler#compile} produces and what
 * generators and runtime schemas are built from.
 *
 * <p>Everything here is an immutable value and safe to share between threads. A
 * {@link org.jmojo.mojom.model.CompilationResult} holds the requested and imported
 * {@link org.jmojo.mojom.model.MojomFile}s and the diagnostics. Each file lists its
 * {@link org.jmojo.mojom.model.Definition}s: {@link org.jmojo.mojom.model.StructDef} (with the
 * packed layout: every {@link org.jmojo.mojom.model.StructField}'s offset and bit, and the
 * version table), {@link org.jmojo.mojom.model.UnionDef} (fields with wire tags),
 * {@link org.jmojo.mojom.model.EnumDef}, {@link org.jmojo.mojom.model.ConstDef},
 * {@link org.jmojo.mojom.model.InterfaceDef} (methods with packed parameter structs) and
 * {@link org.jmojo.mojom.model.FeatureDef}. Types ({@link org.jmojo.mojom.model.MojomType})
 * refer to named definitions by fully qualified name; look them up with
 * {@link org.jmojo.mojom.model.CompilationResult#definition(String)}.
 *
 * <p>Offsets are from the start of the struct, so they include the 8-byte struct header. Union
 * tags are declaration positions, not ordinals. Ordinals decide packing and the order in which
 * encoders and validators visit fields ({@link org.jmojo.mojom.model.StructDef#fieldsInOrdinalOrder()}).
 */
package org.jmojo.mojom.model;
