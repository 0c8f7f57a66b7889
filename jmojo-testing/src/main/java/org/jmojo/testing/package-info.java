/**
 * Test support for code that uses jmojo (a main-scope module: depend on it with test scope).
 * {@link org.jmojo.testing.MultiNodeFixture} runs several independent Mojo nodes in one JVM.
 */
package org.jmojo.testing;
