package io.restcache.internal.runtime;

import java.util.concurrent.CompletionStage;

/**
 * Hears every invalidation after Redis has executed it: the fleet layer publishes it to other nodes.
 * A failure here fails the attempt, which is then retried like a failed purge.
 */
public interface InvalidationPublisher {

    CompletionStage<Void> published(Invalidation invalidation);
}
