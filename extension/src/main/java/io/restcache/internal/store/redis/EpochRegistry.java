package io.restcache.internal.store.redis;

import io.restcache.internal.store.TagRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Reads the registry of lazy purges' epochs into this node's {@link TagEpochs}: whole when the copy is
 * unknown, a few fields when a peer announced a purge or an entry must be checked in Redis itself. On a
 * cluster the registry has three copies ({@link Namespace#epochsKeys}); every completed purge wrote its
 * epoch into two of them at least, so a read merges two: a failing-over master makes neither purges nor
 * the entries on healthy masters wait for it.
 */
public final class EpochRegistry {

    private static final Logger LOG = Logger.getLogger(EpochRegistry.class.getName());

    private final RedisConnector connector;
    private final Namespace namespace;
    private final AtomicBoolean loading = new AtomicBoolean();
    /** When each registry copy last failed a read (a count of failures; 0: never): reads go to the others first. */
    private final AtomicLongArray failedAt = new AtomicLongArray(3);
    private final AtomicLong failures = new AtomicLong();

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
        fromAMajority(client.get(), gen, RMap::readAllMapAsync).whenComplete((all, failed) -> {
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
        return fromAMajority(client.get(), gen, registry -> registry.getAllAsync(fields));
    }

    /**
     * Reads a majority of the registry's copies and merges what they hold (the later epoch of each field):
     * every completed lazy purge wrote a majority, and any two majorities share a copy. The copies that
     * failed least recently are read first; a copy that fails is replaced by the next one. One Redis (or a
     * Sentinel-managed primary) has one copy: the others are never written there, so never read.
     */
    private CompletionStage<Map<String, String>> fromAMajority(RedissonClient client, long gen,
            Function<RMap<String, String>, CompletionStage<Map<String, String>>> read) {
        List<String> copies = namespace.epochsKeys(gen, client.getConfig().isClusterConfig());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(failedAt::get));
        return new MajorityRead(client, copies, order, read).start();
    }

    /** One read of a majority of the copies. */
    private final class MajorityRead {

        private final RedissonClient client;
        private final List<String> copies;
        private final List<Integer> order;
        private final Function<RMap<String, String>, CompletionStage<Map<String, String>>> read;
        private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
        private final Map<String, String> merged = new HashMap<>();
        private final int majority;
        private int started;
        private int answered;
        private int failed;

        MajorityRead(RedissonClient client, List<String> copies, List<Integer> order,
                Function<RMap<String, String>, CompletionStage<Map<String, String>>> read) {
            this.client = client;
            this.copies = copies;
            this.order = order;
            this.read = read;
            this.majority = Namespace.majority(copies.size());
        }

        CompletableFuture<Map<String, String>> start() {
            for (int i = 0; i < majority; i++) {
                readNext();
            }
            return result;
        }

        private void readNext() {
            int copy;
            synchronized (this) {
                copy = order.get(started++);
            }
            read.apply(client.<String, String>getMap(copies.get(copy), StringCodec.INSTANCE))
                    .whenComplete((values, error) -> {
                        if (error == null) {
                            answered(values);
                        } else {
                            failedAt.set(copy, failures.incrementAndGet());
                            failed(error);
                        }
                    });
        }

        private void answered(Map<String, String> values) {
            synchronized (this) {
                values.forEach((field, value) -> merged.merge(field, value, EpochRegistry::later));
                if (++answered < majority) {
                    return;
                }
            }
            result.complete(Map.copyOf(merged));
        }

        private void failed(Throwable error) {
            boolean another;
            synchronized (this) {
                failed++;
                if (copies.size() - failed < majority) {
                    another = false;
                } else {
                    another = started < copies.size();
                }
            }
            if (another) {
                readNext();
            } else {
                result.completeExceptionally(error);
            }
        }
    }

    /** Of two values of one field, the one that supersedes more (anything not written by restcache wins). */
    static String later(String a, String b) {
        Optional<TagEpochs.Epoch> ea = TagEpochs.parse(a);
        Optional<TagEpochs.Epoch> eb = TagEpochs.parse(b);
        if (ea.isEmpty()) {
            return a;
        }
        if (eb.isEmpty()) {
            return b;
        }
        TagEpochs.Epoch x = ea.get();
        TagEpochs.Epoch y = eb.get();
        return x.sequence() > y.sequence() || (x.sequence() == y.sequence() && x.untilMillis() >= y.untilMillis()) ? a : b;
    }
}
