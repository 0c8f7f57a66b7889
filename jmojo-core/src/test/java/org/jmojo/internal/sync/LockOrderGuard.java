package org.jmojo.internal.sync;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every jmojo-core Jupiter test during which the lock-order test mode refused an acquisition
 * ({@link HeldLocks#violationCount()} grew), even one on a thread whose exception nobody saw (a cleaner,
 * an executor, a handler). Registered for the whole module by ServiceLoader auto-detection
 * (src/test/resources: META-INF/services and junit-platform.properties). A test that provokes violations
 * on purpose says so with {@link ProvokesLockOrderViolations}.
 */
public final class LockOrderGuard implements BeforeEachCallback, AfterEachCallback {
    /** On a test class or method that makes lock-order violations on purpose, to check they are refused. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface ProvokesLockOrderViolations {}

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LockOrderGuard.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", HeldLocks.violationCount());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NAMESPACE).get("before", Long.class);
        long grown = HeldLocks.violationCount() - before;
        if (grown == 0
                || context.getRequiredTestMethod().isAnnotationPresent(ProvokesLockOrderViolations.class)
                || context.getRequiredTestClass().isAnnotationPresent(ProvokesLockOrderViolations.class)) {
            return;
        }
        throw new AssertionError(grown + " lock-order violation(s) refused during this test (the first in this JVM: "
                + HeldLocks.firstViolation().orElse("?") + ")");
    }
}
