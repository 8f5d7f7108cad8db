package io.promptengine.adapters.http.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the layout around every page needs: its title, the navigation with the current item, and for a signed-in
 * session its CSRF token (sent by every form and by htmx) and who is signed in.
 *
 * @param csrf empty when nobody is signed in
 * @param who how the signed-in session is named in the header: the tenant and key, or the operator
 * @param notice a one-line message shown above the page, such as "Endpoint created"
 */
record Frame(String title, Nav active, List<Nav> nav, Optional<String> csrf, String who, Assets assets,
        Optional<String> notice) {

    Frame {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(active, "active");
        nav = List.copyOf(nav);
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(assets, "assets");
        Objects.requireNonNull(notice, "notice");
    }

    boolean signedIn() {
        return csrf.isPresent();
    }

    /** The value of {@code hx-headers} on the body: htmx sends the CSRF token with every request it makes. */
    String htmxHeaders() {
        return csrf.map(token -> "{\"X-CSRF-Token\": \"" + token + "\"}").orElse("{}");
    }

    Frame withNotice(Optional<String> text) {
        return new Frame(title, active, nav, csrf, who, assets, text);
    }
}
