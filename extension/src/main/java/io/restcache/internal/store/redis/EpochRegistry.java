package io.restcache.internal.store.redis;

import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Reads the registry of lazy purges' epochs into this node's {@link TagEpochs}: whole when the copy is
 * unknown, a few fields when a peer announced a purge or an entry must be checked in Redis itself. On a
 * cluster every registry copy holds every completed purge's epoch ({@link Namespace#epochsKeys}), so a read
 * takes the copy that last answered and, when it fails, the next one: a failing-over master does not make
 * entries on healthy masters unverifiable.
 */
public final class EpochRegistry {

    private static final Logger LOG = Logger.getLogger(EpochRegistry.class.getName());

    private final RedisConnector connector;
    private final Namespace namespace;
    private final AtomicBoolean loading = new AtomicBoolean();
    /** The registry copy that answered last (reads start there): only the first read after a failure waits on it. */
    private final AtomicInteger preferred = new AtomicInteger();

    public EpochRegistry(RedisConnector connector, Namespace namespace) {
        this.connector = connector;
        this.namespace = namespace;
    }

    /**
     * Loads the whole registry when the copy is unknown and no load runs yet (called on every fleet
     * heartbeat while the fleet is heard: a copy loaded while messages may go unheard would be stale).
     */
    public void loadIfUnknown() {
        TagEpochs epochs = namespace.epochs();
        Optional<RedissonClient> client = connector.client();
        long gen = namespace.generation();
        if (epochs.known() || client.isEmpty() || gen < 0 || !loading.compareAndSet(false, true)) {
            return;
        }
        long since = epochs.loading();
        fromACopy(client.get(), gen, RMap::readAllMapAsync).whenComplete((all, failed) -> {
            loading.set(false);
            if (failed != null) {
                LOG.log(Level.FINE, "restcache: the epochs registry could not be read; entries are checked in Redis", failed);
            } else if (namespace.generation() == gen) {
                epochs.loaded(since, all);
            }
        });
    }

    /** A peer purged {@code refs}: marks them announced now, and resolves them from the registry. */
    public void announced(Collection<TagRef> refs) {
        TagEpochs epochs = namespace.epochs();
        long token = epochs.announce(refs);
        List<String> ids = refs.stream().map(epochs::id).distinct().toList();
        fields(ids).whenComplete((values, failed) -> {
            if (failed == null) {
                epochs.resolved(token, values, ids);
            } else {
                epochs.unknown();       // the announcement stays; the next load settles it
            }
        });
    }

    /** Whether the registry itself supersedes an entry indexed under {@code refs} filled at {@code fillSequence}. */
    public CompletionStage<Boolean> supersedes(Collection<TagRef> refs, long fillSequence) {
        TagEpochs epochs = namespace.epochs();
        Set<String> ids = new LinkedHashSet<>();
        refs.forEach(ref -> ids.add(epochs.id(ref)));
        return fields(List.copyOf(ids)).thenApply(values -> {
            List<String> found = new ArrayList<>(values.values());
            return epochs.supersededBy(found, fillSequence);
        });
    }

    private CompletionStage<Map<String, String>> fields(List<String> ids) {
        Optional<RedissonClient> client = connector.client();
        long gen = namespace.generation();
        if (client.isEmpty() || gen < 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis is not connected"));
        }
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Set<String> fields = new LinkedHashSet<>(ids);
        return fromACopy(client.get(), gen, registry -> registry.getAllAsync(fields));
    }

    /**
     * Reads a registry copy: the preferred one, then the others in turn while they fail. One Redis (or a
     * Sentinel-managed primary) has one copy: the others are never written there, so never read.
     */
    private <T> CompletionStage<T> fromACopy(RedissonClient client, long gen,
            Function<RMap<String, String>, CompletionStage<T>> read) {
        List<String> copies = client.getConfig().isClusterConfig() ? namespace.epochsKeys(gen)
                : List.of(namespace.epochsKey(gen));
        return attempt(client, copies, preferred.get() % copies.size(), copies.size(), read);
    }

    private <T> CompletionStage<T> attempt(RedissonClient client, List<String> copies, int at, int left,
            Function<RMap<String, String>, CompletionStage<T>> read) {
        return read.apply(client.<String, String>getMap(copies.get(at), StringCodec.INSTANCE))
                .handle((value, failed) -> {
                    if (failed == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    if (left <= 1) {
                        return CompletableFuture.<T>failedFuture(failed);
                    }
                    int next = (at + 1) % copies.size();
                    preferred.set(next);
                    return attempt(client, copies, next, left - 1, read);
                })
                .thenCompose(stage -> stage);
    }
}
