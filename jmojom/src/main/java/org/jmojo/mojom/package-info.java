/**
 * The Mojom compiler's entry points: {@link org.jmojo.mojom.MojomCompiler} (library use),
 * {@link org.jmojo.mojom.Main} (command line: {@code compile}, {@code dump}),
 * {@link org.jmojo.mojom.ModelDump} (stable text rendering of the model) and the
 * {@link org.jmojo.mojom.JavaGenerator} extension point.
 */
package org.jmojo.mojom;
