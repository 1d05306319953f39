package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** Who wrote a post or a comment: enough to render a byline and link to the profile. */
@JsonbPropertyOrder({"id", "username", "displayName"})
public record AuthorView(long id, String username, String displayName) {
}
