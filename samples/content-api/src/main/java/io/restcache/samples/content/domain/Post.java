package io.restcache.samples.content.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.TableGenerator;
import java.time.OffsetDateTime;

/** Something a user wrote. */
@Entity
public class Post {

    @Id
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "post_ids")
    @TableGenerator(name = "post_ids", table = "id_generator", pkColumnValue = "post", allocationSize = 1)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "author_id")
    private User author;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(nullable = false, length = 20000)
    private String body;

    @Column(nullable = false)
    private OffsetDateTime createdAt;

    protected Post() {
        // for JPA
    }

    public Post(User author, String title, String body, OffsetDateTime createdAt) {
        this.author = author;
        this.title = title;
        this.body = body;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public User getAuthor() {
        return author;
    }

    public String getTitle() {
        return title;
    }

    public String getBody() {
        return body;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
