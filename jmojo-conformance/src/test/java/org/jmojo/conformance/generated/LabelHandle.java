package org.jmojo.conformance.generated;

import java.util.Set;
import org.jmojo.system.Handle;
import org.jmojo.system.HandleType;
import org.jmojo.system.Right;
import org.jmojo.system.SignalsState;

/**
 * A stand-in handle that is only a label, for encoding tests: the encoder records attached handles
 * without using them, so only identity and the label matter. Every handle operation fails.
 */
record LabelHandle(String label) implements Handle {

    @Override
    public int value() {
        throw unsupported("value");
    }

    @Override
    public boolean isValid() {
        return false;
    }

    @Override
    public HandleType type() {
        throw unsupported("type");
    }

    @Override
    public Set<Right> rights() {
        throw unsupported("rights");
    }

    @Override
    public void reduceRights(Set<Right> rights) {
        throw unsupported("reduceRights");
    }

    @Override
    public SignalsState querySignalsState() {
        throw unsupported("querySignalsState");
    }

    @Override
    public Handle pass() {
        throw unsupported("pass");
    }

    @Override
    public void close() {
        // Nothing to release: the label owns no system resource.
    }

    private UnsupportedOperationException unsupported(String op) {
        return new UnsupportedOperationException("LabelHandle " + label + " is a test label, not a handle: " + op);
    }
}
