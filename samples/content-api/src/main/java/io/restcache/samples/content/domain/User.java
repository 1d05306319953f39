package io.restcache.samples.content.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

/** A member of the network. The table is not called {@code USER}: that is a reserved word in H2. */
@Entity
@Table(name = "app_user")
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "app_user_ids")
    @TableGenerator(name = "app_user_ids", table = "id_generator", pkColumnValue = "app_user", allocationSize = 1)
    private Long id;

    @Column(nullable = false, unique = true, length = 40)
    private String username;

    @Column(nullable = false, length = 80)
    private String displayName;

    @Column(length = 1000)
    private String bio;

    protected User() {
        // for JPA
    }

    public User(String username, String displayName, String bio) {
        this.username = username;
        this.displayName = displayName;
        this.bio = bio;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getBio() {
        return bio;
    }

    public void setBio(String bio) {
        this.bio = bio;
    }
}
