package io.restcache.samples.content.view;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** The caller's own profile: the public one plus whom they follow, which only they see. */
@JsonbPropertyOrder({"profile", "followingUsers"})
public record ProfileView(UserView profile, List<AuthorView> followingUsers) {
}
