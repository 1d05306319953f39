package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A public profile, the same for every caller. It holds no post count on purpose: a new post
 * drops the {@code posts} tag, not the author's profile.
 */
@JsonbPropertyOrder({"id", "username", "displayName", "bio", "followers", "following"})
public record UserView(long id, String username, String displayName, String bio, long followers, long following) {
}
