package io.promptengine.application.model;

/** How the response cache took part in an answer; the HTTP adapter sends it as {@code X-Cache}. */
public enum CacheStatus {
    /** Served from the cache: no model call. */
    HIT,
    /** Not in the cache: the model was called, and a good answer was stored. */
    MISS,
    /** The caller asked for a fresh call ({@code x-cache-bypass: true}); a good answer replaced the stored one. */
    BYPASS
}
