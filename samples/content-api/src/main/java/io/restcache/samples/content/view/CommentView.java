package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** One comment under a post. */
@JsonbPropertyOrder({"id", "author", "text", "createdAt"})
public record CommentView(long id, AuthorView author, String text, Instant createdAt) {
}
