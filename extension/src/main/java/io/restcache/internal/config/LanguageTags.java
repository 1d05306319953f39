package io.restcache.internal.config;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/** Parses a list of supported language tags (BCP 47) from configuration or an annotation. */
public final class LanguageTags {

    private LanguageTags() {
    }

    /**
     * Parses {@code en, de-CH, fr}: comma-separated, blanks ignored, duplicates (case-insensitively) dropped.
     *
     * @param key the configuration key or annotation attribute, named in the error
     * @throws InvalidConfigurationException naming {@code key} and the tag that is not well-formed
     */
    public static List<String> parseList(String key, String text) {
        List<String> tags = new ArrayList<>();
        for (String part : text.split(",")) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                continue;
            }
            try {
                new Locale.Builder().setLanguageTag(tag);
            } catch (IllformedLocaleException e) {
                throw InvalidConfigurationException.of(key, "a comma-separated list of language tags (en, de-CH)",
                        tag);
            }
            if (tags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                tags.add(tag);
            }
        }
        return List.copyOf(tags);
    }
}
