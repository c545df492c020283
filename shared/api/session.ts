// Versions of what the app persists for the user: the session in the user data folder and view files
// saved for colleagues. Readers accept every older version; writers always write the newest.

/** The session layout written by this build (1: no version, no sections; 2: optional feature sections). */
export const SESSION_VERSION = 2;

/** What a view file says it is, so that any other JSON is refused with a clear message. */
export const VIEW_FORMAT = "lh5-browser-view";

/** The view file layout written by this build. */
export const VIEW_VERSION = 1;
