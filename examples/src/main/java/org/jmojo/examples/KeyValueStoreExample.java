package org.jmojo.examples;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jmojo.bindings.PendingReceiver;
import org.jmojo.bindings.PendingRemote;
import org.jmojo.bindings.Receiver;
import org.jmojo.bindings.Remote;
import org.jmojo.examples.kv.KeyValueStore;
import org.jmojo.examples.kv.Watcher;
import org.jmojo.system.Core;
import org.jmojo.system.MessagePipe;

/**
 * A key-value store whose client passes a {@code pending_receiver<Watcher>} to be told of changes
 * ({@code kv_store.mojom}): {@code ./jmojo example kv-store}.
 *
 * <p>Pipelining: the client binds its end of the watcher's pipe and calls {@code NextChange} on it
 * before it even sends the other end to the store. The call waits in the pipe; once the store binds
 * the receiver it is dispatched, and its response comes when a watched key changes.
 */
public final class KeyValueStoreExample {

    private KeyValueStoreExample() {}

    /**
     * The store. Its methods run on its receiver's dispatch sequence, one at a time; {@code values}
     * and {@code watchers} are also read by nothing else, so they need no lock of their own beyond
     * being concurrent maps for the example's inspection.
     */
    static final class StoreService implements KeyValueStore {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final List<WatcherService> watchers = new CopyOnWriteArrayList<>();
        final List<Receiver<Watcher>> bound = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Boolean> put(String key, String value) {
            boolean created = values.put(key, value) == null;
            for (WatcherService w : watchers) {
                w.changed(key, value);
            }
            return CompletableFuture.completedFuture(created);
        }

        @Override
        public CompletableFuture<String> get(String key) {
            return CompletableFuture.completedFuture(values.get(key));
        }

        @Override
        public void watch(List<String> keys, PendingReceiver<Watcher> watcher) {
            // The keys are registered here, in order with this pipe's Puts, so no change after the
            // Watch message is missed, however late the watcher's own pipe is read.
            WatcherService w = new WatcherService(keys);
            watchers.add(w);
            Receiver<Watcher> receiver = Receiver.bind(watcher, w);
            receiver.setDisconnectHandler(reason -> watchers.remove(w));
            bound.add(receiver);
        }

        void close() {
            bound.forEach(Receiver::close);
        }
    }

    /**
     * One watch. {@link #changed} runs on the store's sequence and {@link #nextChange} on the
     * watcher's: both hold this object's lock for {@code waiting} and {@code callers}.
     */
    static final class WatcherService implements Watcher {
        private final Set<String> keys;
        /** Changes no caller has asked for yet; guarded by {@code this}. */
        private final Queue<NextChangeResponse> waiting = new ArrayDeque<>();
        /** Calls waiting for a change; guarded by {@code this}. */
        private final Queue<CompletableFuture<NextChangeResponse>> callers = new ArrayDeque<>();

        WatcherService(List<String> keys) {
            this.keys = new HashSet<>(keys);
        }

        void changed(String key, String value) {
            if (!keys.contains(key)) {
                return;
            }
            CompletableFuture<NextChangeResponse> caller;
            synchronized (this) {
                caller = callers.poll();
                if (caller == null) {
                    waiting.add(new NextChangeResponse(key, value));
                    return;
                }
            }
            caller.complete(new NextChangeResponse(key, value)); // outside the lock: it runs the router's code
        }

        @Override
        public synchronized CompletableFuture<NextChangeResponse> nextChange() {
            NextChangeResponse change = waiting.poll();
            if (change != null) {
                return CompletableFuture.completedFuture(change);
            }
            CompletableFuture<NextChangeResponse> f = new CompletableFuture<>();
            callers.add(f);
            return f;
        }
    }

    /** Runs the example, printing each step; returns the changes the watcher reported, in order. */
    static List<Watcher.NextChangeResponse> run(PrintStream out) throws Exception {
        Core core = Core.instance();
        MessagePipe storePipe = core.createMessagePipe();
        StoreService service = new StoreService();
        try (Receiver<KeyValueStore> storeReceiver = Receiver.bind(
                        new PendingReceiver<>(KeyValueStore.DESCRIPTOR, storePipe.end1()), service);
                Remote<KeyValueStore> store = Remote.bind(new PendingRemote<>(KeyValueStore.DESCRIPTOR,
                        storePipe.end0()))) {
            out.println("put size=M, created: " + store.get().put("size", "M").get());

            // The watcher's pipe: call our end first, send the other end afterwards.
            MessagePipe watchPipe = core.createMessagePipe();
            try (Remote<Watcher> watcher = Remote.bind(new PendingRemote<>(Watcher.DESCRIPTOR, watchPipe.end0()))) {
                CompletableFuture<Watcher.NextChangeResponse> first = watcher.get().nextChange();
                CompletableFuture<Watcher.NextChangeResponse> second = watcher.get().nextChange();
                out.println("asked the watcher for two changes before the store has it");
                store.get().watch(List.of("color"), new PendingReceiver<>(Watcher.DESCRIPTOR, watchPipe.end1()));

                store.get().put("size", "L");          // not watched
                store.get().put("color", "blue");
                store.get().put("color", "green");
                List<Watcher.NextChangeResponse> changes = new ArrayList<>();
                changes.add(first.get());
                changes.add(second.get());
                for (Watcher.NextChangeResponse c : changes) {
                    out.println("watcher: " + c.key() + " is now " + c.value());
                }
                out.println("get color: " + store.get().get("color").get() + ", get shape: "
                        + store.get().get("shape").get());
                return changes;
            }
        } finally {
            service.close();
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
