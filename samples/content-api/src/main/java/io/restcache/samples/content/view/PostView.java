package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A post as listed in a feed or on a profile. */
@JsonbPropertyOrder({"id", "author", "title", "body", "createdAt", "comments"})
public record PostView(long id, AuthorView author, String title, String body, Instant createdAt,
                       long comments) {
}
