package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A post with all its comments, oldest first. */
@JsonbPropertyOrder({"id", "author", "title", "body", "createdAt", "comments"})
public record PostDetail(long id, AuthorView author, String title, String body, Instant createdAt,
                         List<CommentView> comments) {
}
