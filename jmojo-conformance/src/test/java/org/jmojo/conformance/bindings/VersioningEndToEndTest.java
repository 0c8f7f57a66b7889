package org.jmojo.conformance.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jmojo.bindings.BindingException;
import org.jmojo.bindings.DisconnectReason;
import org.jmojo.bindings.Remote;
import org.junit.jupiter.api.Test;

/**
 * Chromium's versioning rules end to end, through generated bindings: a client generated from
 * version 1 of an interface ({@code store_v1.mojom}: a {@code [MinVersion=1]} request field, response
 * field and method) against an implementation generated from version 0 ({@code store_v0.mojom}), and
 * the reverse, over one pipe. The two files declare the same interface in different modules, as two
 * builds of one service would; nothing about the module travels on the pipe.
 */
class VersioningEndToEndTest extends BindingModeTest {

    VersioningEndToEndTest(BindingMode mode) {
        super(mode);
    }



    /** Version 0: knows keys and values only. */
    static final class OldStore implements jmojo.test.versioning.v0.Store {
        final Map<String, String> values = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Boolean> put(String key, String value) {
            return CompletableFuture.completedFuture(values.put(key, value) == null);
        }

        @Override
        public CompletableFuture<String> get(String key) {
            return CompletableFuture.completedFuture(values.get(key));
        }
    }

    /** Version 1: also a time-to-live per key (0 when a version-0 client does not send one) and a count. */
    static final class NewStore implements jmojo.test.versioning.v1.Store {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Map<String, Integer> ttls = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PutResponse> put(String key, String value, int ttl) {
            boolean created = values.put(key, value) == null;
            Integer previous = ttls.put(key, ttl);
            return CompletableFuture.completedFuture(new PutResponse(created, previous == null ? -1 : previous));
        }

        @Override
        public CompletableFuture<String> get(String key) {
            return CompletableFuture.completedFuture(values.get(key));
        }

        @Override
        public CompletableFuture<Integer> count() {
            return CompletableFuture.completedFuture(values.size());
        }
    }

    private <C, S> Remote<C> connect(org.jmojo.bindings.InterfaceDescriptor<C> client,
            org.jmojo.bindings.InterfaceDescriptor<S> service, S impl, CompletableFuture<DisconnectReason> serviceLost) {
        return connect(client, service, impl, serviceLost::complete);
    }

    /** A v1 client of a v0 store, with both sides' disconnect reasons to come. */
    private record Mismatch(Remote<jmojo.test.versioning.v1.Store> remote, CompletableFuture<DisconnectReason> atService,
            CompletableFuture<DisconnectReason> atClient) {}

    private Mismatch newerClientOfOlderStore() {
        CompletableFuture<DisconnectReason> serviceLost = new CompletableFuture<>();
        Remote<jmojo.test.versioning.v1.Store> remote = connect(jmojo.test.versioning.v1.Store.DESCRIPTOR,
                jmojo.test.versioning.v0.Store.DESCRIPTOR, new OldStore(), serviceLost);
        CompletableFuture<DisconnectReason> clientLost = new CompletableFuture<>();
        remote.setDisconnectHandler(clientLost::complete);
        return new Mismatch(remote, serviceLost, clientLost);
    }

    @Test
    void newer_client_calls_the_methods_an_older_implementation_has() throws Exception {
        OldStore old = new OldStore();
        Remote<jmojo.test.versioning.v1.Store> remote =
                connect(jmojo.test.versioning.v1.Store.DESCRIPTOR, jmojo.test.versioning.v0.Store.DESCRIPTOR, old,
                        reason -> {});
        jmojo.test.versioning.v1.Store store = remote.get();

        // The [MinVersion=1] request field is sent and ignored; the version-0 response lacks the
        // [MinVersion=1] response field, which reads as its default.
        jmojo.test.versioning.v1.Store.PutResponse put = await(store.put("a", "1", 60));
        assertThat(put.created()).isTrue();
        assertThat(put.previousTtl()).isZero();
        assertThat(await(store.put("a", "2", 30)).created()).isFalse();
        assertThat(old.values).containsExactly(Map.entry("a", "2"));
        assertThat(await(store.get("a"))).isEqualTo("2");
        assertThat(await(store.get("missing"))).isNull();

        // The client learns the implementation's version before using a newer method.
        assertThat(await(remote.queryVersion())).isZero();
        assertThat(remote.version()).isZero();
        assertThat(remote.isConnected()).isTrue();
    }

    @Test
    void newer_method_on_an_older_implementation_closes_the_pipe_with_the_validation_error() throws Exception {
        Mismatch m = newerClientOfOlderStore();

        CompletableFuture<Integer> count = m.remote().get().count();

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> count.get(WAIT_S, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(BindingException.class);
        assertThat(((BindingException) e.getCause()).failure()).isEqualTo(BindingException.Failure.DISCONNECTED);
        DisconnectReason atService = await(m.atService());
        assertThat(atService.kind()).isEqualTo(DisconnectReason.Kind.VALIDATION_FAILED);
        assertThat(atService.description()).startsWith("VALIDATION_ERROR_MESSAGE_HEADER_UNKNOWN_METHOD");
        DisconnectReason atClient = await(m.atClient());
        assertThat(atClient.kind()).isEqualTo(DisconnectReason.Kind.PEER_REASON);
        assertThat(atClient.customReason()).isEqualTo(DisconnectReason.VALIDATION_FAILED_CODE);
    }

    @Test
    void require_version_stops_a_newer_client_before_it_calls_a_newer_method() throws Exception {
        Mismatch m = newerClientOfOlderStore();

        m.remote().requireVersion(jmojo.test.versioning.v1.Store.VERSION);

        assertThat(await(m.atService()).kind()).isEqualTo(DisconnectReason.Kind.VERSION_UNMET);
        DisconnectReason atClient = await(m.atClient());
        assertThat(atClient.customReason()).isEqualTo(DisconnectReason.VERSION_UNMET_CODE);
        assertThat(atClient.description()).contains("requires version 1", "implements version 0");
    }

    @Test
    void older_client_gets_defaults_for_what_it_does_not_send_and_ignores_what_it_does_not_know() throws Exception {
        NewStore current = new NewStore();
        Remote<jmojo.test.versioning.v0.Store> remote = connect(jmojo.test.versioning.v0.Store.DESCRIPTOR,
                jmojo.test.versioning.v1.Store.DESCRIPTOR, current, reason -> {});
        jmojo.test.versioning.v0.Store store = remote.get();

        // The version-0 request lacks ttl: the implementation reads the default, 0. Its response
        // carries previous_ttl, which the version-0 client skips.
        assertThat(await(store.put("k", "v"))).isTrue();
        assertThat(current.ttls).containsExactly(Map.entry("k", 0));
        assertThat(await(store.put("k", "w"))).isFalse();
        assertThat(await(store.get("k"))).isEqualTo("w");
        assertThat(await(remote.queryVersion())).isEqualTo(1);
        remote.requireVersion(0);
        assertThat(await(store.get("k"))).as("still connected after requiring version 0").isEqualTo("w");
    }

    @Test
    void same_version_on_both_sides_uses_every_field() throws Exception {
        NewStore current = new NewStore();
        Remote<jmojo.test.versioning.v1.Store> remote = connect(jmojo.test.versioning.v1.Store.DESCRIPTOR,
                jmojo.test.versioning.v1.Store.DESCRIPTOR, current, new CompletableFuture<>());
        jmojo.test.versioning.v1.Store store = remote.get();

        assertThat(await(store.put("k", "v", 5))).isEqualTo(new jmojo.test.versioning.v1.Store.PutResponse(true, -1));
        assertThat(await(store.put("k", "w", 9))).isEqualTo(new jmojo.test.versioning.v1.Store.PutResponse(false, 5));
        assertThat(await(store.count())).isEqualTo(1);
    }
}
